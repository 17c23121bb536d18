/// A session holding a lock on a table (queries/*/catalog/lock_holders.sql: PostgreSQL's
/// pg_locks, MariaDB's metadata_lock_info plugin where it is loaded), holding the lock a
/// restore waits for, or (MySQL/MariaDB, which otherwise do not say who holds a metadata
/// lock) one of the oldest open transactions: who an on-call reader
/// has to ask when a DDL or a restore gave up waiting. The server's own "canceling statement
/// due to lock timeout" names nobody.
public struct LockHolder: Equatable, Sendable {
    public var pid: String
    public var user: String?
    public var application: String?
    public var state: String?
    public var transactionSeconds: String?
    /// The lock modes held ("RowShareLock, RowExclusiveLock"), when read from pg_locks.
    public var modes: String?

    /// From a row whose columns are `prefix` + pid, user, application, state,
    /// transaction_seconds and modes.
    public init?(_ row: Row, prefix: String = "") {
        guard let pid = row[prefix + "pid"] else { return nil }
        self.pid = pid
        user = row[prefix + "user"]
        application = row[prefix + "application"]
        state = row[prefix + "state"]
        transactionSeconds = row[prefix + "transaction_seconds"]
        modes = row[prefix + "modes"]
    }

    /// "session 4321 (user app, application worker, idle in transaction, in a transaction
    /// for 29 s)".
    public var session: String {
        let about = [
            user.map { "user \($0)" },
            application.flatMap { $0.isEmpty ? nil : "application \($0)" },
            state,
            transactionSeconds.map { "in a transaction for \($0) s" },
        ].compactMap { $0 }.joined(separator: ", ")
        return "session \(pid)" + (about.isEmpty ? "" : " (\(about))")
    }

    /// The sessions holding a lock on `table` (PostgreSQL: a qualified name; MySQL: a name
    /// in the session's database) or its partitions right now; empty when the read fails
    /// (MariaDB without the plugin): it only serves a message.
    public static func read(_ connection: DatabaseConnection, table: String) -> [LockHolder] {
        ((try? connection.named(.catalogLockHolders, [.text(table)]).rows) ?? []).compactMap { LockHolder($0) }
    }

    /// `read` for each of `tables`, each session once.
    public static func read(_ connection: DatabaseConnection, tables: [String]) -> [LockHolder] {
        var seen = Set<String>()
        return tables.flatMap { read(connection, table: $0) }.filter { seen.insert($0.pid).inserted }
    }

    /// MySQL/MariaDB, which keep no record of who held a row or metadata lock once the
    /// wait is over: the sessions with a transaction open, those using this database first
    /// (queries/mysql/catalog/old_transactions.sql) — one of them is whom to ask. Empty
    /// when the read fails: it only serves a message.
    public static func openTransactions(_ connection: DatabaseConnection) -> [LockHolder] {
        let open = try? SQLTemplate.named(.catalogOldTransactions, server: connection.server)
            .render(dialect: connection.dialect, parameters: ["seconds": .double(0)])
        return ((try? open.map { try connection.query($0).rows }) ?? []).compactMap { LockHolder($0) }
    }

    /// `body`, a lock wait it gave up on (PostgreSQL) named with the sessions holding a
    /// lock on any of `tables` (qualified names) right after: the server's message names
    /// nobody, and the session whose open transaction held it up is who to ask.
    public static func naming<T>(_ tables: [String], on connection: DatabaseConnection, _ body: () throws -> T)
        throws -> T
    {
        do { return try body() } catch let error as DBError where error.code == .lockNotAvailable {
            guard let sentence = sentence(read(connection, tables: tables)) else { throw error }
            // Through the initializer, which keeps the message on one line whatever the names hold.
            throw DBError(
                error.code, "\(error.message) (\(sentence))", sqlState: error.sqlState, mysqlErrno: error.mysqlErrno,
                detail: error.detail, hint: error.hint)
        }
    }

    /// "held by session 4321 (...): RowShareLock; session 4400 (...): ..." for a message,
    /// nil when nobody is left holding it.
    public static func sentence(_ holders: [LockHolder]) -> String? {
        guard !holders.isEmpty else { return nil }
        return "held by "
            + holders.map { $0.session + ($0.modes.map { ": \($0)" } ?? "") }.joined(separator: "; ")
    }
}
