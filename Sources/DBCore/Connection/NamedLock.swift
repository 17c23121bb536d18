import Foundation

/// Cooperative job locks held by a session: `pg_try_advisory_lock` / `GET_LOCK`. The
/// server releases them if dbops dies, so a crash never leaves a job locked out.
public extension DatabaseConnection {
    /// Tries once, without waiting. True if this session now holds the lock.
    func tryNamedLock(_ name: String) throws -> Bool {
        switch engine {
        case .postgres:
            let value = try scalar("SELECT pg_try_advisory_lock(hashtextextended($1, 0))", [.text(name)])
            return value == "t"
        case .mysql:
            let value = try scalar("SELECT GET_LOCK(?, 0)", [.text(Self.mysqlLockName(name))])
            return value == "1"
        }
    }

    func releaseNamedLock(_ name: String) throws {
        switch engine {
        case .postgres:
            try execute("SELECT pg_advisory_unlock(hashtextextended($1, 0))", [.text(name)])
        case .mysql:
            try execute("SELECT RELEASE_LOCK(?)", [.text(Self.mysqlLockName(name))])
        }
    }

    /// MySQL limits lock names to 64 characters: long names keep a readable prefix and a hash.
    private static func mysqlLockName(_ name: String) -> String {
        guard name.utf8.count > 64 else { return name }
        return String(name.prefix(40)) + "#" + NameDigest.hex(name, digits: 16)
    }
}

/// The lock name for a job on a database: one name per (job, database).
public func jobLockName(job: String, database: String?) -> String {
    "dbops:\(job):\(database ?? "")"
}

/// Another run holds a job's lock: the caller does nothing and exits 75.
public struct JobLockHeld: Error, CustomStringConvertible {
    public let job: String
    public let database: String
    public init(job: String, database: String) {
        self.job = job
        self.database = database
    }
    public var description: String {
        "\(job) is already running on database \(database) (its lock is held); nothing done"
    }
}

/// The lock of one job on one database, held by `connection` until `release()` or until
/// the session ends (a crashed run never leaves it locked).
public final class JobLock {
    public let name: String
    private let connection: DatabaseConnection
    private var held = false

    /// Takes the lock or throws `JobLockHeld` at once, without waiting.
    public init(job: String, connection: DatabaseConnection) throws {
        let database = connection.config.database ?? ""
        name = jobLockName(job: job, database: database)
        self.connection = connection
        guard try connection.tryNamedLock(name) else { throw JobLockHeld(job: job, database: database) }
        held = true
    }

    public func release() {
        guard held, !connection.isBroken else { return }
        held = false
        try? connection.releaseNamedLock(name)
    }

    deinit { release() }
}
