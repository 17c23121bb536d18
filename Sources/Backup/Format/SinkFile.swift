import Crypto
import DBCore
import Foundation

protocol SinkFile: AnyObject {
    func write(_ bytes: UnsafeRawBufferPointer) throws
    func close() throws
    func abandon()
}
