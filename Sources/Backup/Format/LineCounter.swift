import DBCore
import Foundation

final class LineCounter: RowCounter {
    private var lines: Int64 = 0
    func feed(_ bytes: UnsafeRawBufferPointer) { lines += Int64(ByteCounting.newlines(in: bytes)) }
    func finish() -> Int64 { lines }
}
