/// SQL from `queries/` with three kinds of holes, filled without ever splicing a value
/// into the text:
/// - `{name}`: an identifier (quoted by the dialect) or a fragment of SQL the program
///   built itself (which may hold named parameters of its own);
/// - `:name`: a bound parameter, turned into `$n` (PostgreSQL) or `?` (MySQL) in order of
///   appearance, so one template serves both engines and a name may appear twice.
/// Quoted strings, quoted identifiers and comments are left alone, and so are
/// PostgreSQL's `::type` casts.
public struct SQLTemplate: Sendable {
    public let text: String

    public init(_ text: String) { self.text = text }

    public static func named(_ name: QueryName, server: ServerInfo) throws -> SQLTemplate {
        SQLTemplate(try QueryCatalog.shared.sql(name, server: server))
    }

    /// A piece of SQL built by the program, with its own `:name` parameters.
    public struct Fragment: Sendable {
        public let text: String
        public let parameters: [String: SQLValue]

        public init(_ text: String, parameters: [String: SQLValue] = [:]) {
            self.text = text
            self.parameters = parameters
        }
    }

    public struct Rendered: Sendable {
        public let sql: String
        public let parameters: [SQLValue]
    }

    public func render(
        dialect: Dialect, identifiers: [String: String] = [:], fragments: [String: Fragment] = [:],
        parameters: [String: SQLValue] = [:]
    ) throws -> Rendered {
        try expand(dialect: dialect, identifiers: identifiers, fragments: fragments, parameters: parameters, bind: true)
    }

    /// The template with its `{names}` filled in but its `:parameters` left for the
    /// statement it becomes part of: one table's piece of a statement reading several.
    public func fragment(
        dialect: Dialect, identifiers: [String: String] = [:], fragments: [String: Fragment] = [:]
    ) throws -> Fragment {
        var parameters: [String: SQLValue] = [:]
        for fragment in fragments.values { parameters.merge(fragment.parameters) { old, _ in old } }
        let expanded = try expand(
            dialect: dialect, identifiers: identifiers, fragments: fragments, parameters: [:], bind: false)
        // The piece's own comments once per table would bury the statement they join.
        let lines = expanded.sql.split(separator: "\n", omittingEmptySubsequences: false).filter {
            !$0.drop { $0 == " " }.hasPrefix("--") && !$0.allSatisfy { $0 == " " }
        }
        return Fragment(lines.joined(separator: "\n"), parameters: parameters)
    }

    private func expand(
        dialect: Dialect, identifiers: [String: String], fragments: [String: Fragment],
        parameters: [String: SQLValue], bind: Bool
    ) throws -> Rendered {
        var values = parameters
        for fragment in fragments.values { values.merge(fragment.parameters) { old, _ in old } }
        var sql = ""
        var bound: [SQLValue] = []

        func scan(_ text: String) throws {
            let chars = Array(text)
            var i = 0
            while i < chars.count {
                let ch = chars[i]
                if ch == "'" || ch == "\"" || ch == "`" {  // copied verbatim up to the closing quote
                    var j = i + 1
                    while j < chars.count, chars[j] != ch { j += 1 }
                    sql += String(chars[i...min(j, chars.count - 1)])
                    i = j + 1
                } else if ch == "-", i + 1 < chars.count, chars[i + 1] == "-" {  // comment to the end of the line
                    var j = i
                    while j < chars.count, chars[j] != "\n" { j += 1 }
                    sql += String(chars[i..<j])
                    i = j
                } else if ch == "{", let close = chars[i...].firstIndex(of: "}") {
                    let name = String(chars[(i + 1)..<close])
                    if let identifier = identifiers[name] {
                        sql += dialect.quote(identifier)
                    } else if let fragment = fragments[name] {
                        try scan(fragment.text)
                    } else {
                        throw DBError(.clientError, "query template: nothing given for {\(name)}")
                    }
                    i = close + 1
                } else if bind, ch == ":", i + 1 < chars.count, chars[i + 1].isLetter || chars[i + 1] == "_",
                    i == 0 || chars[i - 1] != ":"
                {
                    var j = i + 1
                    while j < chars.count, chars[j].isLetter || chars[j].isNumber || chars[j] == "_" { j += 1 }
                    let name = String(chars[(i + 1)..<j])
                    guard let value = values[name] else {
                        throw DBError(.clientError, "query template: no value for parameter :\(name)")
                    }
                    bound.append(value)
                    sql += dialect.placeholder(bound.count)
                    i = j
                } else {
                    sql.append(ch)
                    i += 1
                }
            }
        }

        try scan(text)
        return Rendered(sql: sql, parameters: bound)
    }
}

public extension DatabaseConnection {
    func query(_ rendered: SQLTemplate.Rendered) throws -> ResultSet {
        try query(rendered.sql, rendered.parameters)
    }

    @discardableResult
    func stream(_ rendered: SQLTemplate.Rendered, _ body: (Row) throws -> Void) throws -> Int64 {
        try stream(rendered.sql, rendered.parameters, body)
    }
}
