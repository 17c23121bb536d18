import DBCore
import Foundation

/// PostgreSQL: the leader's REPEATABLE READ transaction exports a snapshot; every worker
/// (and pg_dump) imports it, so all tables are read as of one instant while writes go on.
final class PostgresSnapshotLeader {
    let connection: PostgresConnection
    let snapshot: String
    let lsn: String?
    private let config: ConnectionConfig

    init(config: ConnectionConfig) throws {
        self.config = config
        connection = try PostgresConnection(config: config)
        // The session's settings first: its catalog-only search_path must hold before the
        // first function is called.
        try connection.executeScript(.backupSession)
        try connection.executeScript(.backupBeginSnapshot)
        guard let row = try connection.named(.backupSnapshot).first, let id = row["snapshot"] else {
            throw DBError(.serverError, "pg_export_snapshot() returned nothing")
        }
        snapshot = id
        lsn = row["lsn"]
    }

    /// Runs the catalog reads and the locking under the lock timeout. The size functions
    /// the catalog read calls wait for a table another session holds ACCESS EXCLUSIVE just
    /// as LOCK TABLE does: without the timeout the backup waited as long as a migration held
    /// one. Giving up names the held tables, read on a session of its own (the leader's
    /// transaction is aborted by then).
    func underLockTimeout<T>(_ timeout: Double, _ body: () throws -> T) throws -> T {
        try connection.execute(.backupLockTimeout, [.text(String(Int(timeout * 1000)))])
        do { return try body() } catch let error as DBError where error.code == .lockNotAvailable {
            var held: [String] = []
            if let probe = try? PostgresConnection(config: config) {
                try? probe.executeScript(.catalogCatalogPath)
                held = HeldTable.read(probe).map(\.name)
                probe.close()
            }
            let holder =
                held.isEmpty
                ? "another session holds an exclusive lock (\(error.message))"
                : "another session holds \(HeldTable.list(held)) \(HeldTable.lockWords)"
            throw DBError(
                .lockNotAvailable, "could not lock the tables to back up within \(Format.duration(timeout)): \(holder)")
        }
    }

    /// ACCESS SHARE locks on every table copied, as pg_dump takes: concurrent writes go on,
    /// DROP and ALTER wait until the backup ends. Run under `underLockTimeout`, so the backup
    /// neither queues behind (and in front of) a long-held exclusive lock.
    func lock(_ tables: [TablePlan]) throws {
        let d = connection.dialect
        for batch in stride(from: 0, to: tables.count, by: 500) {
            let names = tables[batch..<min(batch + 500, tables.count)].map { d.qualified($0.schema, $0.name) }
            try connection.executeScript("LOCK TABLE \(names.joined(separator: ", ")) IN ACCESS SHARE MODE")
        }
    }

    /// Makes `worker` read from the exported snapshot.
    static func join(_ worker: DatabaseConnection, snapshot: String) throws {
        // The id comes from the server (e.g. 00000003-0000001B-1); SET TRANSACTION
        // SNAPSHOT takes no parameter, so it is checked before use.
        guard !snapshot.isEmpty, snapshot.allSatisfy({ $0.isHexDigit || $0 == "-" }) else {
            throw DBError(.clientError, "unexpected snapshot id from the server")
        }
        try worker.executeScript(
            "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY; SET TRANSACTION SNAPSHOT '\(snapshot)'")
    }

    func finish() {
        try? connection.commit()
        connection.close()
    }
}
