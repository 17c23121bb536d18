import DBCore

/// What one engine's maintenance session needs beyond its timeouts before batches run
/// (`prepare`, which returns notes for the summary), and what it can say about a lock it
/// gave up on: PostgresMaintenance, MySQLMaintenance.
protocol MaintenanceEngine {
    static func prepare(_ connection: DatabaseConnection) throws -> [String]
    /// The tables another session holds exclusively right now, by name; empty when the
    /// engine cannot tell (MariaDB names no holder of a metadata lock without a plugin).
    static func heldTables(_ connection: DatabaseConnection) -> [HeldTable]
    /// What holding a table means on this engine, for messages: "ACCESS EXCLUSIVE (...)".
    static var heldWords: String { get }
    /// The sessions holding any lock on `table` in `schema` (nil: the session's) or on its
    /// partitions; empty when the engine cannot tell.
    static func lockHolders(_ connection: DatabaseConnection, schema: String?, table: String) -> [LockHolder]
    /// In a transaction about to make a table from `table` (qualified) in `schema` (nil: `table`'s): acts
    /// for the rest of it as `table`'s owner, where the engine has owners and dbops' role
    /// may (in `table`'s own tablespace too when `inItsTablespace`).
    static func actAsOwner(
        of table: String, creatingIn schema: String?, inItsTablespace: Bool, _ connection: DatabaseConnection)
        throws
}

extension Engine {
    /// This engine's implementation of MaintenanceEngine.
    var maintenance: MaintenanceEngine.Type { Self.maintenanceImplementations[self] ?? PostgresMaintenance.self }

    private static let maintenanceImplementations: [Engine: MaintenanceEngine.Type] = [
        .postgres: PostgresMaintenance.self, .mysql: MySQLMaintenance.self,
    ]
}
