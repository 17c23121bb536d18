import DBCore

/// How one engine deletes a batch of expired rows: PostgresCleanup (one statement that
/// locks, deletes and reports), MySQLCleanup (lock the keys, then delete exactly those).
protocol CleanupEngine {
    /// The statements of the first batch, as --dry-run shows them.
    static func statements(_ plan: CleanupPlan, _ connection: DatabaseConnection, limit: Int) throws -> [String]
    /// One batch, one transaction.
    static func batch(_ plan: CleanupPlan, _ connection: DatabaseConnection, limit: Int, after: [String]?) throws
        -> CleanupPlan.Result
}

extension Engine {
    /// This engine's implementation of CleanupEngine.
    var cleanup: CleanupEngine.Type { Self.cleanupImplementations[self] ?? PostgresCleanup.self }

    private static let cleanupImplementations: [Engine: CleanupEngine.Type] = [
        .postgres: PostgresCleanup.self, .mysql: MySQLCleanup.self,
    ]
}
