import DBCore

/// `(a, b) IN ((:p0_0, :p0_1), ...)` or `a IN (:p0_0, ...)` over values dbops read from the
/// table, every value a bound parameter (raw-byte columns bound back from the hex they were
/// read as): a lookup through the primary key or a foreign key's index.
enum KeyList {
    static func fragment(
        _ columns: [String], _ values: [[String]], prefix: String, facts: TableFacts, dialect: Dialect
    ) -> SQLTemplate.Fragment {
        var parameters: [String: SQLValue] = [:]
        var tuples: [String] = []
        for (r, key) in values.enumerated() {
            let names = key.indices.map { "\(prefix)\(r)_\($0)" }
            for (name, value) in zip(names, key) { parameters[name] = .text(value) }
            let bound = zip(columns, names).map { facts.boundExpression($0, ":\($1)", dialect) }
            tuples.append(bound.count == 1 ? bound[0] : "(" + bound.joined(separator: ", ") + ")")
        }
        let left =
            columns.count == 1
            ? dialect.quote(columns[0]) : "(" + columns.map(dialect.quote).joined(separator: ", ") + ")"
        return SQLTemplate.Fragment("\(left) IN (\(tuples.joined(separator: ", ")))", parameters: parameters)
    }
}
