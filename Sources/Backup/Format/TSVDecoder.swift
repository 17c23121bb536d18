import Foundation

/// Splits the text format back into rows of fields (for the INSERT fallback when a
/// server refuses LOAD DATA LOCAL).
struct TSVDecoder {
    private var pending: [UInt8] = []

    /// Feeds bytes; calls `row` for every complete row.
    mutating func feed(_ bytes: UnsafeRawBufferPointer, _ row: ([[UInt8]?]) throws -> Void) throws {
        pending.append(contentsOf: bytes)
        var lineStart = 0
        var i = 0
        var fields: [[UInt8]?] = []
        var field: [UInt8] = []
        var isNull = false
        while i < pending.count {
            let byte = pending[i]
            if byte == 92, i + 1 < pending.count {
                let next = pending[i + 1]
                switch next {
                case UInt8(ascii: "N") where field.isEmpty: isNull = true
                case UInt8(ascii: "0"): field.append(0)
                case UInt8(ascii: "t"): field.append(9)
                case UInt8(ascii: "n"): field.append(10)
                case UInt8(ascii: "r"): field.append(13)
                case UInt8(ascii: "Z"): field.append(26)
                case UInt8(ascii: "b"): field.append(8)
                default: field.append(next)
                }
                i += 2
                continue
            } else if byte == 92 {
                break  // escape split across feeds: wait for more
            }
            if byte == 9 || byte == 10 {
                fields.append(isNull ? nil : field)
                field.removeAll(keepingCapacity: true)
                isNull = false
                if byte == 10 {
                    try row(fields)
                    fields.removeAll(keepingCapacity: true)
                    lineStart = i + 1
                }
            } else {
                field.append(byte)
            }
            i += 1
        }
        pending.removeFirst(lineStart)
    }

    var hasPartialRow: Bool { !pending.isEmpty }
}
