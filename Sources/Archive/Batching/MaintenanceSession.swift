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
            notes += try connection.engine.maintenance.prepare(connection)
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
