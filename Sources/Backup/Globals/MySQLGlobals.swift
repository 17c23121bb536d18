import DBCore
import Foundation

/// MySQL/MariaDB globals: accounts and roles (`SHOW CREATE USER`, `SHOW GRANTS`), made
/// idempotent (`IF NOT EXISTS`), and each database's CREATE DATABASE. Without
/// `--role-passwords` an account's password hash is left out and the account is created
/// locked: an account without its password would otherwise accept an empty one.
enum MySQLGlobals: GlobalsEngine {
    static func capture(_ connection: DatabaseConnection, passwords: Bool) throws -> ServerGlobals {
        var globals = ServerGlobals(engine: .mysql, passwords: passwords)
        for account in try connection.named(.globalsAccounts).rows {
            guard let user = account["user"] else { continue }
            let host = account["host"] ?? ""
            let identifiers = ["user": user, "host": host]
            let shown: [String]
            if account["is_role"] == "Y" {
                let create = try SQLTemplate.named(.globalsCreateRole, server: connection.server).render(
                    dialect: connection.dialect, identifiers: ["user": user])
                globals.roles.append(.init(name: user, statements: [Self.withoutComment(create.sql)]))
                shown = try show(.globalsShowRoleGrants, identifiers, on: connection)
            } else {
                guard var create = try show(.globalsShowCreateUser, identifiers, on: connection).first else { continue }
                create = create.replacingOccurrences(of: "CREATE USER ", with: "CREATE USER IF NOT EXISTS ")
                if !passwords {
                    let stripped = withoutSecrets(create)
                    if stripped != create && !stripped.contains("ACCOUNT LOCK") {
                        globals.warnings.append(
                            "account '\(user)'@'\(host)' is kept without its password: a restore that creates it creates it locked"
                        )
                        create = stripped + " ACCOUNT LOCK"
                    } else {
                        create = stripped
                    }
                }
                globals.roles.append(.init(name: "'\(user)'@'\(host)'", statements: [create]))
                shown = try show(.globalsShowGrants, identifiers, on: connection)
            }
            // A GRANT never needs the password: CREATE USER above carries it, or not.
            globals.grants += shown.map(withoutSecrets)
        }
        var onObjects: [String: [String]] = [:]
        for row in try connection.named(.fleetDatabases).rows {
            guard let name = row["name"],
                let create = try show(.globalsShowCreateDatabase, ["database": name], on: connection, column: 1).first
            else { continue }
            globals.databases.append(
                .init(
                    name: name,
                    create: create.replacingOccurrences(
                        of: "CREATE DATABASE ", with: "CREATE DATABASE IF NOT EXISTS "), after: []))
        }
        // Privileges on a table, column or routine need that object: they run once its
        // database is restored. Server- and database-wide ones run with the roles.
        globals.grants = globals.grants.filter { grant in
            guard let database = objectDatabase(grant) else { return true }
            onObjects[database, default: []].append(grant)
            return false
        }
        for index in globals.databases.indices {
            globals.databases[index].after += onObjects.removeValue(forKey: globals.databases[index].name) ?? []
        }
        for (database, grants) in onObjects.sorted(by: { $0.key < $1.key }) {
            globals.warnings.append(
                "\(grants.count) grant(s) on objects of \(database), a database not backed up, are not kept")
        }
        return globals
    }

    /// The database of a GRANT on one table, column or routine (`ON `db`.`t``); nil for
    /// grants on `*.*` and `db`.*, and for role grants.
    static func objectDatabase(_ grant: String) -> String? {
        let pattern = #" ON (?:PROCEDURE |FUNCTION |PACKAGE |PACKAGE BODY )?`((?:[^`]|``)+)`\.`"#
        guard let range = grant.range(of: pattern, options: .regularExpression) else { return nil }
        let match = String(grant[range])
        guard let open = match.firstIndex(of: "`") else { return nil }
        let rest = match[match.index(after: open)...]
        guard let close = rest.range(of: "`.`") else { return nil }
        return String(rest[..<close.lowerBound]).replacingOccurrences(of: "``", with: "`")
    }

    /// One statement at a time (account statements are not transactional here); the first
    /// refused one stops the restore, naming it. An account the target has is kept as it is
    /// (CREATE USER IF NOT EXISTS), and grants only add, except that a GRANT line carries
    /// the account's limits and TLS requirement: the source's account of the name this
    /// restore runs as is left out whole (MAX_USER_CONNECTIONS 1 turned away every
    /// database's restore that followed).
    static func applyRoles(_ globals: ServerGlobals, on connection: DatabaseConnection) throws -> [String] {
        let restoring = try connection.named(.globalsRestoringAccount).rows.first
        let user = restoring?["user"] ?? "", host = restoring?["host"] ?? ""
        let account = "'\(user)'@'\(host)'"
        let grantee = connection.dialect.quote(user) + "@" + connection.dialect.quote(host)
        let statements =
            globals.roles.filter { $0.name != account }.flatMap(\.statements)
            + globals.grants.filter { !names($0, grantee: grantee) }
        for statement in statements { try GlobalsRestore.run(statement, on: connection) }
        guard globals.roles.contains(where: { $0.name == account }) else { return [] }
        return [
            "account \(account) is the one this restore runs as: kept as it is, without the source's grants, limits and TLS requirements for it (apply those by hand if they are wanted)"
        ]
    }

    /// Nothing of an account waits for the databases.
    static func applyLast(_ globals: ServerGlobals, on connection: DatabaseConnection) throws {}

    /// As it is: MariaDB has no read-only default a role or database carries (read_only is
    /// the server's, and a restore is refused there).
    static func writable(_ config: ConnectionConfig) -> ConnectionConfig { config }

    /// Whether a SHOW GRANTS line is for `grantee` (`user`@`host`): it follows " TO " (or
    /// " FOR ", SET DEFAULT ROLE) outside any quoted name, and the clause ends there.
    static func names(_ statement: String, grantee: String) -> Bool {
        for keyword in [" TO ", " FOR "] {
            var searched = statement[...]
            while let range = searched.range(of: keyword + grantee) {
                let before = statement[..<range.lowerBound]
                let next = statement[range.upperBound...].first
                if before.filter({ $0 == "`" }).count % 2 == 0 && (next == nil || next == " ") { return true }
                searched = statement[range.upperBound...]
            }
        }
        return false
    }

    static func show(
        _ name: QueryName, _ identifiers: [String: String], on connection: DatabaseConnection, column: Int = 0
    ) throws -> [String] {
        let rendered = try SQLTemplate.named(name, server: connection.server).render(
            dialect: connection.dialect, identifiers: identifiers)
        return try connection.query(rendered).rows.compactMap { $0[column] }
    }

    /// A statement from queries/ without its header comment, as it is stored for replay.
    static func withoutComment(_ sql: String) -> String {
        sql.split(separator: "\n").filter { !$0.hasPrefix("--") }.joined(separator: "\n")
            .trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The statement without password hashes or authentication strings.
    static func withoutSecrets(_ statement: String) -> String {
        let quoted = #"'(?:[^'\\]|\\.|'')*'"#
        var text = statement
        for (pattern, replacement) in [
            (#" IDENTIFIED BY PASSWORD "# + quoted, ""),
            (#" (?:USING|AS) (?:PASSWORD\()?"# + quoted + #"\)?"#, ""),
        ] {
            text = text.replacingOccurrences(of: pattern, with: replacement, options: .regularExpression)
        }
        return text
    }
}
