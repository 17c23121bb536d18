import DBCore

/// The connection a maintenance job works through: short lock and statement timeouts,
/// the job's lock taken (or JobLockHeld thrown at once), and on MySQL READ COMMITTED,
/// so a batch locks the rows it changes and no gaps around them that an application
/// insert would wait on.
final class MaintenanceSession {
    let connection: DatabaseConnection
    let lock: JobLock
    let lag: ReplicaLagMonitor?
    private(set) var notes: [String] = []

    init(_ config: ConnectionConfig, job: String, options: MaintenanceOptions) throws {
        var limited = config
        limited.replyTimeout = options.statementTimeout + 10
        connection = try Database.connect(limited)
        do {
            try connection.apply(options.session)
            lock = try JobLock(job: job, connection: connection)
            if connection.engine == .mysql {
                let format = try connection.scalar("SELECT IF(@@log_bin = 1, @@binlog_format, 'OFF')") ?? "OFF"
                if format.uppercased() == "STATEMENT" {
                    notes.append("binlog_format is STATEMENT, which READ COMMITTED cannot log: batches run in REPEATABLE READ and also lock the gaps next to the rows they delete")
                } else {
                    try connection.executeScript("SET SESSION TRANSACTION ISOLATION LEVEL READ COMMITTED")
                }
                if connection.server.flavor == .mariadb {
                    // Never wait for a row lock: an application running REPEATABLE READ holds
                    // next-key locks, and InnoDB's foreign-key checks take gap locks even in
                    // READ COMMITTED, so a batch that waited could close a lock cycle — and
                    // InnoDB would pick the application's smaller transaction as the deadlock
                    // victim. A batch that cannot lock at once is rolled back and retried.
                    try connection.executeScript("SET SESSION innodb_lock_wait_timeout = 0")
                }
            }
            lag = options.maxLag == nil ? nil : try ReplicaLagMonitor(primary: connection, replicas: options.replicas)
        } catch {
            connection.close()
            throw error
        }
    }

    deinit {
        lock.release()
        connection.close()
    }
}
