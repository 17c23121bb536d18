import DBCore
import Foundation

/// A trigger's CREATE statement (SHOW CREATE TRIGGER's text) made for another table: a
/// table restore --table creates is loaded under a staging name, and its triggers made on
/// that table before it gets its own name — RENAME TABLE takes them along — so that no
/// application row reaches the table before its triggers do.
enum TriggerStatement {
    /// The statement with its table `from` replaced by `to`, or nil unless the statement
    /// names the table exactly once the way SHOW CREATE TRIGGER and most people write it
    /// ("ON `orders` FOR EACH ROW", keywords in any case, the name quoted or plain): a
    /// schema-qualified table, or that text twice (once in a string of the body, say), is
    /// left to be created under the table's own name.
    static func retargeted(_ create: String, from table: String, to other: String, _ d: Dialect) -> String? {
        var names = [NSRegularExpression.escapedPattern(for: d.quote(table))]
        if table.range(of: "^[A-Za-z0-9_$]*[A-Za-z_$][A-Za-z0-9_$]*$", options: .regularExpression) != nil {
            names.append(NSRegularExpression.escapedPattern(for: table) + "(?![A-Za-z0-9_$])")
        }
        let pattern = "(\\s)(?i:ON)\\s+(?:\(names.joined(separator: "|")))\\s+(?i:FOR)\\s+(?i:EACH)\\s+(?i:ROW)\\b"
        guard let expression = try? NSRegularExpression(pattern: pattern) else { return nil }
        let whole = NSRange(create.startIndex..., in: create)
        let matches = expression.matches(in: create, range: whole)
        guard matches.count == 1, let range = Range(matches[0].range, in: create),
            let space = Range(matches[0].range(at: 1), in: create)
        else { return nil }
        return create.replacingCharacters(in: range, with: "\(create[space])ON \(d.quote(other)) FOR EACH ROW")
    }
}
