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

    /// Whether the server keeps `name` whole: PostgreSQL cuts an identifier past 63 bytes
    /// (NAMEDATALEN - 1) with only a NOTICE, MySQL refuses one past 64 characters.
    public func fits(_ name: String) -> Bool {
        switch engine {
        case .postgres: return name.utf8.count <= 63
        case .mysql: return name.count <= 64
        }
    }

    /// `base` + `suffix`, `base` shortened (whole characters) until the name fits, as
    /// pg_partman names partitions: left to the server, "events_…_2027_01" and
    /// "events_…_2027_02" would both be cut to "events_…_2027", and "t_archive" of a
    /// 63-byte t to t itself. A suffix that cannot fit on its own is left for `fits`.
    public func fitted(_ base: String, suffix: String = "") -> String {
        var kept = Substring(base)
        while !fits(String(kept) + suffix), !kept.isEmpty { kept = kept.dropLast() }
        return kept.isEmpty ? base + suffix : String(kept) + suffix
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
