import DBCore
import Foundation

/// ENUM and SET labels outside the Basic Multilingual Plane on MariaDB. Its metadata keeps
/// labels in 3-byte utf8, so SHOW CREATE TABLE spells such a label (an emoji) '?' while the
/// column stores and returns the real one: a table created from that text gets a '?' label,
/// and its rows no longer load (mariadb-dump has the same gap). The labels are read back
/// from the column's own type and the CREATE TABLE spelt with them.
enum MySQLEnumLabels {
    /// `create` with every ENUM/SET column whose printed type holds '?' spelt with its real
    /// labels. A column whose labels cannot be read back, or whose definition is not where
    /// SHOW CREATE TABLE puts it, is named in `warnings` and left as printed.
    static func respell(
        _ create: String, table: TablePlan, connection: DatabaseConnection, warnings: inout [String]
    ) -> String {
        guard connection.server.flavor == .mariadb else { return create }
        var text = create
        for column in table.columns {
            guard let (isSet, printed) = parse(column.type), printed.contains(where: { $0.contains("?") }) else {
                continue
            }
            let d = connection.dialect
            do {
                let labels = try read(
                    connection, table: table.name, column: column.name, count: printed.count, isSet: isSet)
                guard labels != printed else { continue }
                let old = "\(d.quote(column.name)) \(column.type)"
                let new = "\(d.quote(column.name)) \(spelt(isSet: isSet, labels: labels))"
                guard let range = text.range(of: old) else {
                    throw DBError(.clientError, "its definition was not found in SHOW CREATE TABLE")
                }
                text.replaceSubrange(range, with: new)
            } catch {
                warnings.append(
                    "table \(table.name) column \(column.name): a label shown as '?' could not be read back (\(error)); if it is a character outside the Basic Multilingual Plane, a restore gets '?' in its place"
                )
            }
        }
        return text
    }

    static func read(_ connection: DatabaseConnection, table: String, column: String, count: Int, isSet: Bool)
        throws -> [String]
    {
        let rendered = try SQLTemplate.named(.backupEnumLabels, server: connection.server).render(
            dialect: connection.dialect, identifiers: ["table": table, "column": column],
            fragments: [
                "count": SQLTemplate.Fragment(String(count)),
                "value": SQLTemplate.Fragment(isSet ? "1 << (i - 1)" : "i"),
            ])
        let hex = try connection.query(rendered.sql).first?[0] ?? ""
        let labels = hex.split(separator: ",", omittingEmptySubsequences: false).map { field in
            String(decoding: bytes(ofHex: field), as: UTF8.self)
        }
        guard labels.count == count else {
            throw DBError(.clientError, "\(labels.count) labels read for \(count)")
        }
        return labels
    }

    private static func bytes(ofHex text: Substring) -> [UInt8] {
        let digits = Array(text.utf8)
        return stride(from: 0, to: digits.count - 1, by: 2).compactMap {
            UInt8(String(decoding: digits[$0...$0 + 1], as: UTF8.self), radix: 16)
        }
    }

    /// `enum('a','it''s')` or `set(...)`: whether it is a SET, and its labels unquoted.
    /// Anything else: nil.
    static func parse(_ columnType: String) -> (isSet: Bool, labels: [String])? {
        let lower = columnType.lowercased()
        let isSet = lower.hasPrefix("set(")
        guard isSet || lower.hasPrefix("enum(") else { return nil }
        var labels: [String] = []
        var bytes = Array(columnType.utf8).dropFirst(isSet ? 4 : 5)
        while bytes.first == 0x27 {
            bytes.removeFirst()
            var label: [UInt8] = []
            while let byte = bytes.first {
                bytes.removeFirst()
                if byte == 0x27 {
                    guard bytes.first == 0x27 else { break }  // '' inside a label: a quote
                    bytes.removeFirst()
                } else if byte == 0x5C, let next = bytes.first {  // a backslash escape
                    bytes.removeFirst()
                    label.append(next)
                    continue
                }
                label.append(byte)
            }
            labels.append(String(decoding: label, as: UTF8.self))
            if bytes.first == 0x2C { bytes.removeFirst() }
        }
        return (isSet, labels)
    }

    /// The type as SHOW CREATE TABLE spells it: quotes doubled, backslashes escaped.
    static func spelt(isSet: Bool, labels: [String]) -> String {
        let quoted = labels.map {
            "'" + $0.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "''") + "'"
        }
        return "\(isSet ? "set" : "enum")(\(quoted.joined(separator: ",")))"
    }
}
