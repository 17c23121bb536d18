import DBCore

/// How one engine reads a server's globals and applies its roles to another server: the
/// engine difference of whole-server backups lives behind this one seam.
protocol GlobalsEngine {
    static func capture(_ connection: DatabaseConnection, passwords: Bool) throws -> ServerGlobals
    /// Roles, their settings and grants, before any database is restored; returns what the
    /// reader should know (a role left as it was).
    static func applyRoles(_ globals: ServerGlobals, on connection: DatabaseConnection) throws -> [String]
    /// What waits until every database is restored (a setting for every role, which would
    /// otherwise reach the restore's own sessions).
    static func applyLast(_ globals: ServerGlobals, on connection: DatabaseConnection) throws
    /// The target as every session of the restore reaches it (its own, and pg_restore's).
    static func writable(_ config: ConnectionConfig) -> ConnectionConfig
}

extension Engine {
    /// This engine's implementation of GlobalsEngine.
    var globals: GlobalsEngine.Type { Self.globalsImplementations[self] ?? PostgresGlobals.self }

    private static let globalsImplementations: [Engine: GlobalsEngine.Type] = [
        .postgres: PostgresGlobals.self, .mysql: MySQLGlobals.self,
    ]
}
