import DBCore

/// How one engine deletes a batch of expired rows: PostgresCleanup (one statement that
/// locks, deletes and reports), MySQLCleanup (lock the keys, then delete exactly those).
protocol CleanupEngine {
    /// The statements of the first batch, as --dry-run shows them.
    static func statements(_ plan: CleanupPlan, _ connection: DatabaseConnection, limit: Int) throws -> [String]
    /// One batch, one transaction.
    static func batch(_ plan: CleanupPlan, _ connection: DatabaseConnection, limit: Int, after: [String]?) throws -> CleanupPlan.Result
}

enum CleanupEngines {
    static let all: [Engine: CleanupEngine.Type] = [.postgres: PostgresCleanup.self, .mysql: MySQLCleanup.self]

    static func `for`(_ engine: Engine) -> CleanupEngine.Type {
        all[engine] ?? PostgresCleanup.self
    }
}
