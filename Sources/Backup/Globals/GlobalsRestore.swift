import DBCore
import Foundation

/// Applies a globals backup: the roles first (the databases' owners and grants need
/// them), then, per database, its CREATE DATABASE when the target lacks it and, once its
/// rows are in, its privileges and settings.
public enum GlobalsRestore {
    /// Returns what the reader should know (a role left as it was).
    public static func applyRoles(_ globals: ServerGlobals, config: ConnectionConfig) throws -> [String] {
        try withServer(config) { connection in
            try WritableServer.require(connection, for: "restore of the server's roles")
            return try config.engine.globals.applyRoles(globals, on: connection)
        }
    }

    /// What waits until every database is restored: a setting for every role (PostgreSQL).
    public static func applyLast(_ globals: ServerGlobals, config: ConnectionConfig) throws {
        try withServer(config) { connection in try config.engine.globals.applyLast(globals, on: connection) }
    }

    /// The tablespaces the target lacks, each with its options, comment and privileges (a
    /// tablespace it has is kept as it is); after the roles, which own them. One statement
    /// at a time: CREATE TABLESPACE cannot run in a transaction. A directory the target
    /// lacks (or holds files in) fails the restore before any database, naming the way out.
    public static func applyTablespaces(_ globals: ServerGlobals, config: ConnectionConfig) throws {
        guard let tablespaces = globals.tablespaces, !tablespaces.isEmpty else { return }
        try withServer(config) { connection in
            for tablespace in tablespaces
            where try connection.scalar(.globalsTablespaceExists, [.text(tablespace.name)]) == nil {
                do {
                    for statement in [tablespace.create] + tablespace.after { try run(statement, on: connection) }
                } catch let error as DBError {
                    throw DBError(
                        error.code,
                        "tablespace \(tablespace.name): \(error.message); make its directory (empty, the server's user's) or add --no-tablespaces to put everything in the server's default",
                        sqlState: error.sqlState)
                }
            }
        }
    }

    /// Creates the database unless the server has it, as its definition says (otherwise as
    /// a restore --create makes one: template0, so nothing of template1 makes it non-empty);
    /// true when it was created. In its source's default tablespace unless `tablespaces` is
    /// false (--no-tablespaces).
    @discardableResult
    public static func createDatabase(
        _ name: String, definition: ServerGlobals.DatabaseDefinition?, tablespaces: Bool = true,
        config: ConnectionConfig
    ) throws -> Bool {
        try TargetDatabase.createIfMissing(
            name, encoding: nil, locale: nil, config: config,
            statement: definition.map { definition in
                { try run(definition.create + (tablespaces ? definition.tablespace ?? "" : ""), on: $0) }
            })
    }

    /// The database's privileges and settings, after its rows.
    public static func finishDatabase(_ definition: ServerGlobals.DatabaseDefinition, config: ConnectionConfig) throws {
        guard !definition.after.isEmpty else { return }
        try withServer(config) { connection in
            for statement in definition.after { try run(statement, on: connection) }
        }
    }

    /// One statement; a refusal names the statement up to any password in it.
    static func run(_ statement: String, on connection: DatabaseConnection) throws {
        do { try connection.executeScript(statement) } catch let error as DBError {
            var shown = statement
            for secret in [" PASSWORD ", " IDENTIFIED "] {
                if let range = shown.range(of: secret) { shown = String(shown[..<range.lowerBound]) + " ..." }
            }
            throw DBError(error.code, "\(shown.prefix(160)): \(error.message)")
        }
    }

    /// A session on the server's own database (postgres, mysql), whatever the URL names.
    static func withServer<T>(_ config: ConnectionConfig, _ body: (DatabaseConnection) throws -> T) throws -> T {
        let connection = try connectServer(config)
        defer { connection.close() }
        return try body(connection)
    }

    /// The same session, for a caller that keeps it (and closes it).
    static func connectServer(_ config: ConnectionConfig) throws -> DatabaseConnection {
        var server = config
        server.database = config.engine.capabilities.serverDatabase
        return try Database.connect(server)
    }
}
