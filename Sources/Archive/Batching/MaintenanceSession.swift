import DBCore

/// The connection a maintenance job works through: short lock and statement timeouts,
/// the job's lock taken (or JobLockHeld thrown at once), and on MySQL READ COMMITTED,
/// so a batch locks the rows it changes and no gaps around them that an application
/// insert would wait on.
final class MaintenanceSession {
    let connection: DatabaseConnection
    let lock: JobLock
    let lag: ReplicaLagMonitor?
    /// A Galera node with --max-flow-control: the pacer waits on flow control too.
    let flow: FlowControlMonitor?
    private(set) var notes: [String] = []

    /// `writes`: false for a job that changes no rows and no schema (analyze), which may
    /// run on a replica.
    init(_ config: ConnectionConfig, job: String, options: MaintenanceOptions, writes: Bool = true) throws {
        var limited = config
        limited.replyTimeout = options.statementTimeout + 10
        connection = try Database.connect(limited)
        do {
            // A job that only reads the catalogs and runs ANALYZE reads them on pg_catalog's
            // path alone (see SessionSettings.catalogOnly); one that writes fires the
            // application's triggers, which find their tables on the database's own path.
            var settings = options.session
            settings.catalogOnly = !writes
            try connection.apply(settings)
            if !options.dryRun && writes { try WritableServer.require(connection, for: job) }
            lock = try JobLock(job: job, connection: connection)
            notes += try connection.engine.maintenance.prepare(connection)
            lag = options.maxLag == nil ? nil : try ReplicaLagMonitor(primary: connection, replicas: options.replicas)
            flow = FlowControlMonitor(connection)
            if let flow, flow.maxWriteSetRows > 0 {
                notes.append(
                    "a Galera node: batches kept under wsrep_max_ws_rows (\(flow.maxWriteSetRows)) rows, one write set each"
                )
            }
        } catch {
            connection.close()
            throw error
        }
    }

    /// A lock wait the job gave up on, with the tables another session holds exclusively
    /// (a migration, a REINDEX) named where the engine can tell: the server's own message
    /// names none, and an on-call reader needs to know whom to ask.
    func explaining(_ error: Error) -> Error { Self.explain(error, on: connection) }

    /// `explaining` on any connection the job's statements ran on; with `table` (in
    /// `schema`, nil: the session's), also the sessions holding any lock on it, which is
    /// what a DDL waits for: an application's open transaction blocks a DETACH as surely as
    /// a migration.
    static func explain(
        _ error: Error, on connection: DatabaseConnection, schema: String? = nil, table: String? = nil
    ) -> Error {
        guard let error = error as? DBError, error.code == .lockNotAvailable else { return error }
        let maintenance = connection.engine.maintenance
        let held = maintenance.heldTables(connection).map(\.name)
        let holders = table.map { maintenance.lockHolders(connection, schema: schema, table: $0) } ?? []
        let parts = [
            held.isEmpty ? nil : "another session holds \(HeldTable.list(held)) \(maintenance.heldWords)",
            LockHolder.sentence(holders),
        ].compactMap { $0 }
        guard !parts.isEmpty else { return error }
        // Through the initializer, which keeps the message on one line whatever the names hold.
        return DBError(
            error.code, ([error.message] + parts).joined(separator: "; "),
            sqlState: error.sqlState, mysqlErrno: error.mysqlErrno, detail: error.detail, hint: error.hint)
    }

    deinit {
        lock.release()
        connection.close()
    }
}
