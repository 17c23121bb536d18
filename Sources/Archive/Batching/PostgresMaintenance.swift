import DBCore

/// PostgreSQL's READ COMMITTED already locks only the rows a batch touches, and its lock
/// timeout covers row locks: nothing more to set.
enum PostgresMaintenance: MaintenanceEngine {
    static func prepare(_ connection: DatabaseConnection) throws -> [String] { [] }

    /// "canceling statement due to lock timeout" names no table; pg_locks does. Read in
    /// the job's session, which is out of its failed statement by then (batches run in
    /// transactions of their own, rolled back on failure).
    static func heldTables(_ connection: DatabaseConnection) -> [HeldTable] { HeldTable.read(connection) }

    static let heldWords = HeldTable.lockWords

    static func lockHolders(_ connection: DatabaseConnection, schema: String?, table: String) -> [LockHolder] {
        LockHolder.read(connection, table: connection.dialect.qualified(schema, table))
    }

    /// `table_owner_role.sql` says why and when.
    static func actAsOwner(
        of table: String, creatingIn schema: String?, inItsTablespace: Bool, _ connection: DatabaseConnection
    ) throws {
        _ = try connection.query(
            SQLTemplate.named(.ownershipTableOwnerRole, server: connection.server).render(
                dialect: connection.dialect,
                parameters: [
                    "table": .text(table), "schema": schema.map { .text(connection.dialect.quote($0)) } ?? .null,
                    "in_its_tablespace": .bool(inItsTablespace),
                ]))
    }
}
