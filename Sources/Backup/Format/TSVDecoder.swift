import Foundation

/// Splits the text format back into rows of fields (for the INSERT fallback when a
/// server refuses LOAD DATA LOCAL, and for counting ENUM error values). The state of a row
/// carries over between feeds, so each byte is read once: a row longer than a feed (a
/// 16 MB value) was read again from its start with every feed.
struct TSVDecoder {
    private var fields: [[UInt8]?] = []
    private var field: [UInt8] = []
    private var isNull = false
    /// A backslash ended the last feed: its escaped byte comes with the next.
    private var escapePending = false
    private var rowStarted = false

    /// Feeds bytes; calls `row` for every complete row.
    mutating func feed(_ bytes: UnsafeRawBufferPointer, _ row: ([[UInt8]?]) throws -> Void) throws {
        for byte in bytes {
            rowStarted = true
            if escapePending {
                escapePending = false
                switch byte {
                case UInt8(ascii: "N") where field.isEmpty: isNull = true
                case UInt8(ascii: "0"): field.append(0)
                case UInt8(ascii: "t"): field.append(9)
                case UInt8(ascii: "n"): field.append(10)
                case UInt8(ascii: "r"): field.append(13)
                case UInt8(ascii: "Z"): field.append(26)
                case UInt8(ascii: "b"): field.append(8)
                default: field.append(byte)
                }
                continue
            }
            switch byte {
            case 92:
                escapePending = true
            case 9, 10:
                fields.append(isNull ? nil : field)
                field.removeAll(keepingCapacity: true)
                isNull = false
                if byte == 10 {
                    try row(fields)
                    fields.removeAll(keepingCapacity: true)
                    rowStarted = false
                }
            default:
                field.append(byte)
            }
        }
    }

    var hasPartialRow: Bool { rowStarted }
}
