import DBCore

/// What one engine's maintenance session needs beyond its timeouts before batches run
/// (`prepare`, which returns notes for the summary), and what it can say about a lock it
/// gave up on: PostgresMaintenance, MySQLMaintenance.
protocol MaintenanceEngine {
    static func prepare(_ connection: DatabaseConnection) throws -> [String]
    /// The tables another session holds exclusively right now, by name; empty when the
    /// engine cannot tell (MySQL names no holder of a metadata lock without a plugin).
    static func heldTables(_ connection: DatabaseConnection) -> [HeldTable]
    /// The sessions holding any lock on `table` (a qualified name) or its partitions; empty
    /// when the engine cannot tell (MySQL shows metadata locks only with performance_schema
    /// instruments most servers run without).
    static func lockHolders(_ connection: DatabaseConnection, table: String) -> [LockHolder]
}

extension Engine {
    /// This engine's implementation of MaintenanceEngine.
    var maintenance: MaintenanceEngine.Type { Self.maintenanceImplementations[self] ?? PostgresMaintenance.self }

    private static let maintenanceImplementations: [Engine: MaintenanceEngine.Type] = [
        .postgres: PostgresMaintenance.self, .mysql: MySQLMaintenance.self,
    ]
}
