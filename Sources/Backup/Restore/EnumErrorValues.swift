import Foundation

/// MySQL's ENUM "error value": a value outside an ENUM's labels, which a server not in
/// strict mode stores as '' (index 0). It reads back as '', and '' goes back in only with
/// a warning (1265, "Data truncated"): MySQL has no way to store index 0 without one. A
/// restore that failed on every warning could not restore such a table at all; it counts
/// the '' fields of those columns instead, and a file loads when its warnings are exactly
/// those (any other warning still fails it).
struct EnumErrorValues {
    /// Positions, among the file's fields, of ENUM columns, with the field that is their
    /// error value: '' for one read as text (it has no '' label), "0" for one read by its
    /// index (ColumnEntry's "enum_index").
    private let errorFields: [Int: [UInt8]]
    /// The error values seen at those positions.
    private(set) var expected = 0
    // The scan of file bytes: where in the row, and what the field holds so far (only
    // whether it is an error value matters, so no more than two bytes are kept).
    private var position = 0
    private var fieldStart: [UInt8] = []
    private var fieldLength = 0
    private var isNull = false
    private var escapePending = false

    init?(_ columns: [ColumnEntry]) {
        var errorFields: [Int: [UInt8]] = [:]
        for (i, column) in columns.enumerated() {
            if column.transfer == "enum_index" {
                errorFields[i] = [0x30]
            } else if column.transfer == "raw" && Self.lacksEmptyLabel(column.type) {
                errorFields[i] = []
            }
        }
        guard !errorFields.isEmpty else { return nil }
        self.errorFields = errorFields
    }

    /// Counts a decoded row's error values.
    mutating func count(_ fields: [[UInt8]?]) {
        for (index, errorField) in errorFields where index < fields.count && fields[index] == errorField {
            expected += 1
        }
    }

    /// Counts the error values in file bytes as they pass on to the server (the text
    /// format: tab between fields, newline after a row, backslash escapes, \N for NULL).
    mutating func feed(_ bytes: UnsafeRawBufferPointer) {
        for byte in bytes {
            if escapePending {
                escapePending = false
                if byte == UInt8(ascii: "N") && fieldLength == 0 { isNull = true } else { take(byte) }
                continue
            }
            switch byte {
            case 92: escapePending = true
            case 9, 10:
                if !isNull, let errorField = errorFields[position], fieldLength == errorField.count,
                    fieldStart == errorField
                {
                    expected += 1
                }
                position = byte == 10 ? 0 : position + 1
                fieldStart.removeAll(keepingCapacity: true)
                fieldLength = 0
                isNull = false
            default: take(byte)
            }
        }
    }

    private mutating func take(_ byte: UInt8) {
        if fieldLength < 2 { fieldStart.append(byte) }
        fieldLength += 1
    }

    /// Whether `warnings` are the error values' own and nothing else.
    func explains(warnings: Int) -> Bool { warnings > 0 && warnings == expected }

    /// `enum('a','it''s')`: whether no label is ''. Not an ENUM: false.
    static func lacksEmptyLabel(_ columnType: String) -> Bool {
        guard let (isSet, labels) = MySQLEnumLabels.parse(columnType), !isSet else { return false }
        return !labels.contains("")
    }
}
