import DBCore
import Foundation

/// Ends a restore's wait for a lock that a session outside the restore holds.
///
/// pg_restore's sessions and the loading workers run without a lock timeout: the restore's
/// own steps may wait for each other (a foreign key for an index build on the same table)
/// as long as a build takes. But an application that starts using a half-restored table and
/// keeps its transaction open would hold them forever. From a connection of its own, the
/// watch looks every second (sooner for a short limit) for a restore session that has waited longer than
/// --lock-timeout for a lock held by a session not the restore's, cancels that wait, and
/// keeps what it saw: the restore's error then names the holder.
final class PostgresLockWatch: @unchecked Sendable {
    private let stopped = DispatchSemaphore(value: 0)
    private let ended = DispatchSemaphore(value: 0)
    private let lock = NSLock()
    private var found: String?

    /// Watches the sessions named `names` in `config`'s database. A watch that cannot
    /// connect watches nothing: the restore then goes on as it would without it.
    init(config: ConnectionConfig, names: [String], limit: Double) {
        var own = config
        own.applicationName = "dbops-restore-watch"
        own.parameters["application_name"] = nil
        // A frozen server must not hold the watch's thread: its own answers are short.
        own.replyTimeout = max(10, own.replyTimeout ?? 0)
        guard let connection = try? PostgresConnection(config: own) else {
            ended.signal()
            return
        }
        let interval = min(1, max(0.2, limit / 2))
        let thread = Thread { [self] in
            defer {
                connection.close()
                ended.signal()
            }
            while stopped.wait(timeout: .now() + interval) == .timedOut {
                guard
                    let row = try? connection.named(
                        .restoreOutsideLockHolder, [.text(names[0]), .text(names[1]), .double(limit)]
                    ).first, let pid = row.int64("pid"), let started = row["wait_started"]
                else { continue }
                // Kept before the cancel: the restore's error, which the cancel causes,
                // must find it.
                let text = describe(row)
                keep(text)
                let cancelled = try? connection.scalar(.restoreCancelLockWait, [.int(pid), .text(started)])
                if cancelled != "t" { retract(text) }  // the wait had ended: nothing was cancelled
            }
        }
        thread.name = "dbops.restore-lock-watch"
        thread.start()
    }

    /// Watches a restore's sessions: its own connections' and pg_restore's.
    convenience init(restoringInto config: ConnectionConfig, limit: Double) {
        self.init(
            config: config,
            names: [
                config.parameters["application_name"] ?? config.applicationName,
                PostgresTools.applicationName("pg_restore", config: config),
            ], limit: limit)
    }

    /// What the watch ended, if it ended anything.
    var finding: String? {
        lock.lock()
        defer { lock.unlock() }
        return found
    }

    /// Stops the watch once its current look is over (its reply timeout bounds that), so
    /// what it found is settled: kept and cancelled, or retracted.
    func stop() {
        stopped.signal()
        _ = ended.wait(timeout: .now() + 15)
    }

    /// Runs `body` watched. Once the watch cancelled a wait, the restore failed (with
    /// --keep-going, the cancelled statement is merely one of those refused): the error
    /// names the holder.
    func watching(_ body: () throws -> Void) throws {
        let outcome = Result { try body() }
        stop()  // first: a look under way settles what it found
        if let finding { throw DBError(.lockNotAvailable, finding) }
        try outcome.get()
    }

    private func describe(_ row: Row) -> String {
        let holder = LockHolder(row, prefix: "holder_")?.session ?? "session ?"
        return
            "\(holder) held a lock on \(row["object"] ?? "?") that the restore's \(row["query"] ?? "statement") waited for \(row["waiting_seconds"] ?? "?") s; that wait was cancelled"
    }

    private func keep(_ text: String) {
        lock.lock()
        if found == nil { found = text }
        lock.unlock()
    }

    private func retract(_ text: String) {
        lock.lock()
        if found == text { found = nil }
        lock.unlock()
    }
}
