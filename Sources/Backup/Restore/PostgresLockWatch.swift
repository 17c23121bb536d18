import DBCore
import Foundation

/// Ends a restore's wait for a lock that a session outside the restore holds.
///
/// pg_restore's sessions and the loading workers run without a lock timeout: the restore's
/// own steps may wait for each other (a foreign key for an index build on the same table)
/// as long as a build takes. But an application that starts using a half-restored table and
/// keeps its transaction open would hold them forever. From a connection of its own, the
/// watch looks a few times a second for a restore session that has waited longer than
/// --lock-timeout for a lock held by a session not the restore's, cancels that wait, and
/// keeps what it saw: the restore's error then names the holder.
final class PostgresLockWatch: @unchecked Sendable {
    private let stopped = DispatchSemaphore(value: 0)
    private let lock = NSLock()
    private var found: String?

    /// Watches the sessions named `names` in `config`'s database. A watch that cannot
    /// connect watches nothing: the restore then goes on as it would without it.
    init(config: ConnectionConfig, names: [String], limit: Double) {
        var own = config
        own.applicationName = "dbops-restore-watch"
        // A frozen server must not hold the watch's thread: its own answers are short.
        own.replyTimeout = max(10, own.replyTimeout ?? 0)
        guard let connection = try? PostgresConnection(config: own) else { return }
        let interval = min(1, max(0.2, limit / 2))
        let thread = Thread { [self] in
            defer { connection.close() }
            while stopped.wait(timeout: .now() + interval) == .timedOut {
                guard
                    let row = try? connection.named(
                        .restoreOutsideLockHolder, [.text(names[0]), .text(names[1]), .double(limit)]
                    ).first
                else { continue }
                record(row)
            }
        }
        thread.name = "dbops.restore-lock-watch"
        thread.start()
    }

    /// What the watch ended, if it ended anything.
    var finding: String? {
        lock.lock()
        defer { lock.unlock() }
        return found
    }

    func stop() { stopped.signal() }

    /// Runs `body` watched. Once the watch cancelled a wait, the restore failed (with
    /// --keep-going, the cancelled statement is merely one of those refused): the error
    /// names the holder.
    func watching(_ body: () throws -> Void) throws {
        defer { stop() }
        do { try body() } catch {
            guard let finding else { throw error }
            throw DBError(.lockNotAvailable, finding)
        }
        if let finding { throw DBError(.lockNotAvailable, finding) }
    }

    private func record(_ row: Row) {
        let holder = [
            row["holder_user"].map { "user \($0)" },
            row["holder_application"].flatMap { $0.isEmpty ? nil : "application \($0)" },
            row["holder_state"],
            row["holder_transaction_seconds"].map { "in a transaction for \($0) s" },
        ].compactMap { $0 }.joined(separator: ", ")
        let text =
            "session \(row["holder_pid"] ?? "?") (\(holder)) held a lock on \(row["object"] ?? "?") that the restore's \(row["query"] ?? "statement") waited for \(row["waiting_seconds"] ?? "?") s; that wait was cancelled"
        lock.lock()
        if found == nil { found = text }
        lock.unlock()
    }
}
