import DBCore
import Foundation

/// PostgreSQL globals, as pg_dumpall --globals-only has them: roles (passwords only when
/// asked, and then as the stored hashes), memberships, per-role and per-database
/// settings, tablespaces; and each database's CREATE DATABASE and privileges.
enum PostgresGlobals: GlobalsEngine {
    static func capture(_ connection: DatabaseConnection, passwords: Bool) throws -> ServerGlobals {
        var hashes: [String: String] = [:]
        if passwords {
            do {
                for row in try connection.named(.globalsRolePasswords).rows {
                    if let name = row["name"], let sql = row["sql"] { hashes[name] = sql }
                }
            } catch let error as DBError {
                throw DBError(error.code, "reading role passwords needs a superuser: \(error.message)")
            }
        }
        let roles = try connection.named(.globalsRoles).rows.compactMap { row -> ServerGlobals.Role? in
            guard let name = row["name"], let create = row["create_sql"], let alter = row["alter_sql"] else {
                return nil
            }
            return .init(
                name: name, statements: [create, alter] + [row["comment_sql"], hashes[name]].compactMap { $0 })
        }
        var grants = try connection.named(.globalsMemberships).rows.compactMap { $0["sql"] }
        var perDatabase: [String: [String]] = [:]
        for row in try connection.named(.globalsSettings).rows {
            guard let sql = row["sql"] else { continue }
            if let database = row["database"] {
                perDatabase[database, default: []].append(sql)
            } else {
                grants.append(sql)
            }
        }
        let databases = try connection.named(.globalsDatabases).rows.compactMap {
            row -> ServerGlobals.DatabaseDefinition? in
            guard let name = row["name"], let create = row["create_sql"] else { return nil }
            return .init(
                name: name, create: create,
                after: (row.stringList("grants") ?? []) + perDatabase[name, default: []]
                    + (row.stringList("properties") ?? []),
                tablespace: row["tablespace_sql"])
        }
        let tablespaces = try connection.named(.globalsTablespaces).rows.compactMap {
            row -> ServerGlobals.Tablespace? in
            guard let name = row["name"], let create = row["create_sql"] else { return nil }
            return .init(name: name, create: create, after: row.stringList("after") ?? [])
        }
        let unreachable = try connection.named(.globalsUnreachableDatabases).rows.compactMap { $0["name"] }
        return ServerGlobals(
            engine: .postgres, passwords: passwords, roles: roles, grants: grants, databases: databases,
            tablespaces: tablespaces,
            warnings: unreachable.map {
                "database \($0) does not allow connections (ALLOW_CONNECTIONS false): it is not backed up; allow them (ALTER DATABASE ... ALLOW_CONNECTIONS true) for a backup to take it"
            })
    }

    /// A setting for every role (ALTER ROLE ALL SET), last: it reaches every new session,
    /// the restore's own too (a default_transaction_read_only there failed every
    /// database's restore).
    static func applyLast(_ globals: ServerGlobals, on connection: DatabaseConnection) throws {
        let everyRole = try connection.named(.globalsRestoringRole).rows.first?["every_role"] ?? ""
        let statements = globals.grants.filter { !everyRole.isEmpty && $0.hasPrefix(everyRole) }
        guard !statements.isEmpty else { return }
        try connection.transaction {
            for statement in statements { try GlobalsRestore.run(statement, on: connection) }
        }
    }

    /// With default_transaction_read_only off, as pg_dumpall's script begins: the backup's
    /// own ALTER ROLE ALL SET, which an earlier restore of it applied last (or one the
    /// operator set), would otherwise make a second restore read-only from its first
    /// statement. A client option outranks every role and database setting, and reaches
    /// pg_restore too (PGOPTIONS); a standby still refuses the writes. The user's own
    /// options (the URL's, or PGOPTIONS) are kept in front of it.
    static func writable(_ config: ConnectionConfig) -> ConnectionConfig {
        var writable = config
        let own = config.parameters["options"] ?? ProcessInfo.processInfo.environment["PGOPTIONS"] ?? ""
        writable.parameters["options"] = (own.isEmpty ? "" : own + " ") + "-c default_transaction_read_only=off"
        return writable
    }

    /// All roles in one transaction (roles are transactional in PostgreSQL): a refused
    /// statement leaves the target's roles as they were. The role the restore runs as keeps
    /// its attributes, password and server-wide settings: the source's role of that name
    /// may be NOLOGIN, not a superuser or have another password, and applying that locked
    /// the restore (and its operator) out of the server midway; its memberships, comment
    /// and settings in one database (applied once that database is restored) still come.
    static func applyRoles(_ globals: ServerGlobals, on connection: DatabaseConnection) throws -> [String] {
        let restoring = try connection.named(.globalsRestoringRole).rows.first
        let name = restoring?["name"] ?? "", own = restoring?["own_statements"] ?? ""
        let everyRole = restoring?["every_role"] ?? ""
        let statements = (globals.roles.flatMap(\.statements) + globals.grants).filter { statement in
            ![own, everyRole].contains { !$0.isEmpty && statement.hasPrefix($0) }
        }
        try connection.transaction {
            for statement in statements { try GlobalsRestore.run(statement, on: connection) }
        }
        guard globals.roles.contains(where: { $0.name == name }) else { return [] }
        return [
            "role \(name) is the one this restore runs as: its attributes, password and server-wide settings were kept as they are, not the source's (apply those by hand if they are wanted)"
        ]
    }
}
