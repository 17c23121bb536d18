import Foundation

/// What a MySQL/MariaDB account may see, read from its SHOW GRANTS (the privilege tables in
/// information_schema leave out what comes through a role). information_schema and SHOW
/// DATABASES list only the tables and databases an account holds some privilege on, so an
/// account short of one never learns the others exist: a backup or a fleet run that looks
/// complete and is not.
public enum MySQLGrants {
    public enum Verdict: Equatable, Sendable {
        /// The grants hold it.
        case held
        /// They do not, and no role could.
        case notHeld
        /// A role is granted whose privileges are not listed (MySQL 8, nested roles).
        case unknown
    }

    /// The session's account's own grant lines (catalog/own_grants.sql); none when they
    /// cannot be read, which the verdicts take as nothing to judge.
    public static func own(_ connection: DatabaseConnection) -> [String] {
        (try? connection.named(.catalogOwnGrants).rows.compactMap { $0[0] }) ?? []
    }

    /// Whether the account reads every table of `database`: SELECT (or ALL) on *.* or on
    /// the schema (a pattern matching it).
    public static func readsWholeSchema(_ grants: [String], database: String) -> Verdict {
        verdict(grants) { grant, object in
            let readsAll = grant.privileges.contains { $0 == "SELECT" || $0 == "ALL" || $0 == "ALL PRIVILEGES" }
            return readsAll && object.table == "*" && (object.schema == "*" || like(database, pattern: object.schema))
        }
    }

    /// Whether SHOW DATABASES and information_schema.SCHEMATA list every database to the
    /// account: it holds SHOW DATABASES, or any privilege on *.* that applies to a
    /// database's objects (the server's own test). PROCESS, RELOAD, REPLICATION and the
    /// like on *.* show no database.
    public static func seesEveryDatabase(_ grants: [String]) -> Verdict {
        verdict(grants) { grant, object in
            object.schema == "*" && object.table == "*"
                && grant.privileges.contains { databaseWide.contains($0) || $0 == "SHOW DATABASES" }
        }
    }

    /// The privileges a grant on *.* gives on every database's objects, as SHOW GRANTS
    /// spells them.
    static let databaseWide: Set<String> = [
        "ALL", "ALL PRIVILEGES", "SELECT", "INSERT", "UPDATE", "DELETE", "CREATE", "DROP", "REFERENCES", "INDEX",
        "ALTER", "CREATE TEMPORARY TABLES", "LOCK TABLES", "EXECUTE", "CREATE VIEW", "SHOW VIEW", "CREATE ROUTINE",
        "ALTER ROUTINE", "EVENT", "TRIGGER", "DELETE HISTORY",
    ]

    /// Held when one grant line on an object satisfies `holds`; unknown when none does but
    /// a role is granted whose privileges are not listed.
    static func verdict(_ grants: [String], holds: (Grant, (schema: String, table: String)) -> Bool) -> Verdict {
        var roles = false
        for line in grants {
            guard let grant = Grant(line) else { continue }
            guard let object = grant.object else {
                roles = true
                continue
            }
            if holds(grant, object) { return .held }
        }
        return roles ? .unknown : .notHeld
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
