import DBCore

/// READ COMMITTED (so a batch locks the rows it changes and no gaps an application insert
/// would wait on), and on MariaDB no waiting for row locks at all.
enum MySQLMaintenance: MaintenanceEngine {
    static func prepare(_ connection: DatabaseConnection) throws -> [String] {
        var notes: [String] = []
        let format = try connection.scalar(.maintenanceBinlogFormat) ?? "OFF"
        if format.uppercased() == "STATEMENT" {
            notes.append(
                "binlog_format is STATEMENT, which READ COMMITTED cannot log: batches run in REPEATABLE READ and also lock the gaps next to the rows they delete"
            )
        } else {
            try connection.executeScript(.maintenanceReadCommitted)
        }
        if connection.server.flavor == .mariadb {
            // Never wait for a row lock: an application running REPEATABLE READ holds
            // next-key locks, and InnoDB's foreign-key checks take gap locks even in
            // READ COMMITTED, so a batch that waited could close a lock cycle — and
            // InnoDB would pick the application's smaller transaction as the deadlock
            // victim. A batch that cannot lock at once is rolled back and retried.
            try connection.executeScript(.maintenanceNoRowLockWait)
        }
        return notes
    }

    /// "Lock wait timeout exceeded" names no table and no session; MariaDB shows metadata
    /// locks only through the metadata_lock_info plugin (queries/mysql/catalog/
    /// held_table_names.sql), so where it is loaded the held tables are named as on
    /// PostgreSQL, and elsewhere nobody is.
    static func heldTables(_ connection: DatabaseConnection) -> [HeldTable] { HeldTable.read(connection) }

    static let heldWords = "for itself (LOCK TABLES, or a schema change)"

    static func lockHolders(_ connection: DatabaseConnection, schema: String?, table: String) -> [LockHolder] {
        LockHolder.read(connection, table: table)
    }

    /// A MySQL table has no owner: whoever may create it makes the same table.
    static func actAsOwner(
        of table: String, creatingIn schema: String?, inItsTablespace: Bool, _ connection: DatabaseConnection
    ) throws {}
}
