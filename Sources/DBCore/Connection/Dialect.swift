/// What differs in SQL text between the engines, in one place.
public struct Dialect: Sendable {
    public let engine: Engine

    public init(engine: Engine) { self.engine = engine }

    /// Quotes an identifier ("a""b" for PostgreSQL, `a``b` for MySQL), so any name from a
    /// profile or option is safe to place in SQL text.
    public func quote(_ identifier: String) -> String {
        switch engine {
        case .postgres: return "\"" + identifier.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        case .mysql: return "`" + identifier.replacingOccurrences(of: "`", with: "``") + "`"
        }
    }

    /// schema.table, both quoted; a nil schema leaves the name unqualified.
    public func qualified(_ schema: String?, _ name: String) -> String {
        guard let schema, !schema.isEmpty else { return quote(name) }
        return quote(schema) + "." + quote(name)
    }

    /// A MySQL string literal, for the few statements that take no parameters (account
    /// names in SHOW GRANTS). Only for values read from the server's own catalog.
    public func mysqlStringLiteral(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "''") + "'"
    }

    /// The n-th (1-based) parameter marker.
    public func placeholder(_ n: Int) -> String {
        engine == .postgres ? "$\(n)" : "?"
    }

    /// "($1, $2, $3)" or "(?, ?, ?)" starting at parameter `first`.
    public func placeholderList(count: Int, first: Int = 1) -> String {
        "(" + (0..<count).map { placeholder(first + $0) }.joined(separator: ", ") + ")"
    }
}
