import DBCore

/// Where a walk in primary-key order carries on: `AND (k1, k2) > (:after0, :after1)`, spelled
/// out for MySQL so that its range optimizer uses the key (`k1 > ? OR (k1 = ? AND k2 > ?)`).
/// Each batch then starts where the last one stopped instead of scanning again past every
/// row an earlier batch already left behind (kept, or skipped as locked).
enum KeyResume {
    static func fragment(keys: [String], after: [String]?, facts: TableFacts, dialect: Dialect) -> SQLTemplate.Fragment
    {
        guard let after, after.count == keys.count else { return SQLTemplate.Fragment("") }
        var parameters: [String: SQLValue] = [:]
        for (i, value) in after.enumerated() { parameters["after\(i)"] = .text(value) }
        let quoted = keys.map(dialect.quote)
        let bound = keys.indices.map { facts.boundExpression(keys[$0], ":after\($0)", dialect) }
        if dialect.engine.capabilities.rowComparisonUsesIndex || quoted.count == 1 {
            let left = quoted.count == 1 ? quoted[0] : "(" + quoted.joined(separator: ", ") + ")"
            let right = quoted.count == 1 ? bound[0] : "(" + bound.joined(separator: ", ") + ")"
            return SQLTemplate.Fragment("\n  AND \(left) > \(right)", parameters: parameters)
        }
        var alternatives: [String] = []
        for i in quoted.indices {
            let equal = (0..<i).map { "\(quoted[$0]) = \(bound[$0])" }
            alternatives.append("(" + (equal + ["\(quoted[i]) > \(bound[i])"]).joined(separator: " AND ") + ")")
        }
        return SQLTemplate.Fragment("\n  AND (" + alternatives.joined(separator: " OR ") + ")", parameters: parameters)
    }
}
