import DBCore
import Foundation

protocol RowCounter: AnyObject {
    func feed(_ bytes: UnsafeRawBufferPointer) throws
    /// Rows seen; throws if the data ended in the middle of a row.
    func finish() throws -> Int64
}
