import DBCore
import Foundation

/// Splits SHOW CREATE TABLE output, which has one definition per line, into the table
/// with only its primary key (and checks), and the secondary indexes and foreign keys as
/// ALTER TABLE clauses. If the text does not look as expected, nothing is deferred.
enum CreateTableSplitter {
    static func split(_ create: String, autoIncrementColumn: String?) -> (
        bare: String, indexes: [String], foreignKeys: [String]
    ) {
        let lines = create.components(separatedBy: "\n")
        guard lines.count >= 3, let close = lines.lastIndex(where: { $0.hasPrefix(")") }), close > 1 else {
            return (create, [], [])
        }
        let definitions = lines[1..<close].map { $0.hasSuffix(",") ? String($0.dropLast()) : $0 }
        guard definitions.allSatisfy({ $0.hasPrefix("  ") }) else { return (create, [], []) }
        var kept: [String] = [], indexes: [String] = [], foreignKeys: [String] = []
        var autoIncrementKeyKept = false
        for definition in definitions {
            let text = definition.trimmingCharacters(in: .whitespaces)
            let isIndex = ["KEY ", "UNIQUE KEY ", "FULLTEXT KEY ", "SPATIAL KEY ", "INDEX "].contains {
                text.hasPrefix($0)
            }
            if isIndex {
                // InnoDB needs the AUTO_INCREMENT column to lead some index at all times.
                if let column = autoIncrementColumn, !autoIncrementKeyKept, firstColumn(of: text) == column,
                    !definitions.contains(where: {
                        $0.trimmingCharacters(in: .whitespaces).hasPrefix("PRIMARY KEY (`\(column)`")
                    })
                {
                    kept.append(definition)
                    autoIncrementKeyKept = true
                } else {
                    indexes.append("ADD " + text)
                }
            } else if text.hasPrefix("CONSTRAINT "), text.contains(" FOREIGN KEY ") {
                foreignKeys.append("ADD " + text)
            } else {
                kept.append(definition)
            }
        }
        let bare = ([lines[0]] + [kept.joined(separator: ",\n")] + lines[close...]).joined(separator: "\n")
        return (bare, indexes, foreignKeys)
    }

    /// "KEY `idx` (`a`,`b`)" -> "a".
    static func firstColumn(of definition: String) -> String? {
        guard let open = definition.firstIndex(of: "("), let tick = definition[open...].firstIndex(of: "`") else {
            return nil
        }
        let rest = definition[definition.index(after: tick)...]
        guard let end = rest.firstIndex(of: "`") else { return nil }
        return String(rest[..<end])
    }
}
