import Foundation

/// Whether a MySQL/MariaDB account may read a whole schema. information_schema lists only
/// the tables an account holds some privilege on, so an account granted SELECT on a few
/// tables backs up those few and never learns the others exist: a backup that looks
/// complete. Read from SHOW GRANTS, since the privilege tables in information_schema leave
/// out what comes through a role.
enum SchemaReadGrant {
    enum Verdict: Equatable {
        /// SELECT (or ALL) on *.* or on the schema (a pattern matching it).
        case wholeSchema
        /// Neither, and no role that could hold it.
        case someTablesOnly
        /// A role is granted whose privileges are not listed (MySQL 8, nested roles).
        case unknown
    }

    static func verdict(_ grants: [String], database: String) -> Verdict {
        var roles = false
        for line in grants {
            guard let grant = Grant(line) else { continue }
            guard let object = grant.object else {
                roles = true
                continue
            }
            let readsAll = grant.privileges.contains { $0 == "SELECT" || $0 == "ALL" || $0 == "ALL PRIVILEGES" }
            guard readsAll, object.table == "*" else { continue }
            if object.schema == "*" || like(database, pattern: object.schema) { return .wholeSchema }
        }
        return roles ? .unknown : .someTablesOnly
    }

    /// One SHOW GRANTS line: `GRANT privileges ON [kind] schema.table TO ...`, or a role's
    /// `GRANT role TO ...` (no object).
    struct Grant {
        var privileges: [String]
        var object: (schema: String, table: String)?

        init?(_ line: String) {
            var scanner = Tokens(line)
            guard scanner.next()?.uppercased() == "GRANT" else { return nil }
            var privileges: [String] = []
            var current: [String] = []
            var depth = 0
            // Privileges up to ON, at the top level; a role's grant reaches TO instead. A
            // column list after a privilege limits it to those columns: kept as "(...)".
            while let token = scanner.next() {
                let upper = scanner.quoted ? "" : token.uppercased()
                if depth == 0 && (upper == "ON" || upper == "TO") {
                    if !current.isEmpty { privileges.append(current.joined(separator: " ")) }
                    if upper == "TO" {
                        self.privileges = privileges
                        object = nil
                        return
                    }
                    break
                }
                switch scanner.quoted ? "" : token {
                case "(":
                    depth += 1
                    if depth == 1 { current.append("(...)") }
                case ")": depth -= 1
                case "," where depth == 0:
                    privileges.append(current.joined(separator: " "))
                    current = []
                default:
                    if depth == 0 { current.append(scanner.quoted ? token : upper) }
                }
            }
            var schema = scanner.next()
            if !scanner.quoted, let kind = schema?.uppercased(),
                ["TABLE", "FUNCTION", "PROCEDURE", "PACKAGE"].contains(kind)
            {
                schema = scanner.next()
            }
            guard let schema, scanner.next() == ".", let table = scanner.next() else { return nil }
            self.privileges = privileges
            object = (schema, table)
        }
    }

    /// SQL LIKE as grants use it for schema names: `%`, `_`, and `\` escaping either. The
    /// names matched so far, one pattern element at a time: linear in the pattern whatever
    /// its `%`s (backtracking would be exponential on `a%a%a%...`).
    static func like(_ name: String, pattern: String) -> Bool {
        let n = Array(name), p = Array(pattern)
        // reachable[i]: the first i characters of the name are matched.
        var reachable = [true] + Array(repeating: false, count: n.count)
        var j = 0
        while j < p.count {
            var next = Array(repeating: false, count: n.count + 1)
            if p[j] == "%" {
                var any = false
                for i in 0...n.count {
                    any = any || reachable[i]
                    next[i] = any
                }
                j += 1
            } else {
                let literal = p[j] == "\\" && j + 1 < p.count
                let c = literal ? p[j + 1] : p[j]
                for i in 0..<n.count where reachable[i] && ((!literal && c == "_") || n[i] == c) { next[i + 1] = true }
                j += literal ? 2 : 1
            }
            reachable = next
        }
        return reachable[n.count]
    }

    /// Words, backquoted or quoted names (unquoted, doubled quotes undone), and the
    /// punctuation `( ) , .` as tokens of their own.
    struct Tokens {
        let chars: [Character]
        var at = 0
        /// Whether the last token was a quoted name (never a keyword or punctuation).
        var quoted = false

        init(_ text: String) { chars = Array(text) }

        mutating func next() -> String? {
            quoted = false
            while at < chars.count, chars[at] == " " { at += 1 }
            guard at < chars.count else { return nil }
            let c = chars[at]
            if "(),.".contains(c) {
                at += 1
                return String(c)
            }
            if c == "`" || c == "'" || c == "\"" {
                quoted = true
                var out = ""
                at += 1
                while at < chars.count {
                    if chars[at] == c {
                        if at + 1 < chars.count, chars[at + 1] == c {
                            out.append(c)
                            at += 2
                            continue
                        }
                        at += 1
                        break
                    }
                    out.append(chars[at])
                    at += 1
                }
                return out
            }
            var out = ""
            while at < chars.count, !" (),.`'\"".contains(chars[at]) {
                out.append(chars[at])
                at += 1
            }
            return out
        }
    }
}
