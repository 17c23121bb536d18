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
                globals.roles.append(
                    .init(name: user, statements: ["CREATE ROLE IF NOT EXISTS \(connection.dialect.quote(user))"]))
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
        return globals
    }

    /// One statement at a time (account statements are not transactional here); the first
    /// refused one stops the restore, naming it.
    static func applyRoles(_ globals: ServerGlobals, on connection: DatabaseConnection) throws {
        for statement in globals.roles.flatMap(\.statements) + globals.grants {
            try GlobalsRestore.run(statement, on: connection)
        }
    }

    static func show(
        _ name: QueryName, _ identifiers: [String: String], on connection: DatabaseConnection, column: Int = 0
    ) throws -> [String] {
        let rendered = try SQLTemplate.named(name, server: connection.server).render(
            dialect: connection.dialect, identifiers: identifiers)
        return try connection.query(rendered).rows.compactMap { $0[column] }
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
