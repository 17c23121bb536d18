import Foundation

/// How many worker sessions a job may open: never more than half of what the server still
/// lets its login open (max_connections, and the role's and database's CONNECTION LIMIT or
/// the account's MAX_USER_CONNECTIONS), so that a backup or restore with --jobs 16 on a
/// server near its limit neither fails half-way on "too many clients" (a restore then
/// leaves its target marked, to be cleaned) nor takes the last connections the
/// application needs.
public enum ConnectionBudget {
    public struct Grant: Sendable, Equatable {
        public var workers: Int
        /// Said when fewer workers than asked for were granted.
        public var warning: String?
    }

    /// `besides`: the sessions the job still opens besides its workers (a pg_dump, a lock
    /// watch). When the server cannot say (a privilege, an old version), the job gets what
    /// it asked for, as before; when it has too few left for even one worker, the job
    /// fails here, naming the limit, before it has changed anything.
    public static func workers(_ requested: Int, besides: Int, on connection: DatabaseConnection, job: String) throws
        -> Grant
    {
        guard let text = try? connection.scalar(.catalogConnectionsLeft), let left = Int(text) else {
            return Grant(workers: requested)
        }
        return try grant(requested, besides: besides, left: left, job: job)
    }

    static func grant(_ requested: Int, besides: Int, left: Int, job: String) throws -> Grant {
        let half = left / 2
        guard requested + besides > half else { return Grant(workers: requested) }
        guard left >= besides + 1 else {
            throw DBError(
                .serverError,
                "the server lets this login open \(max(0, left)) more connection(s), and the \(job) needs at least \(besides + 1): close idle sessions, or raise max_connections (or the login's or database's connection limit)"
            )
        }
        let workers = min(requested, max(1, half - besides))
        guard workers < requested else { return Grant(workers: requested) }
        return Grant(
            workers: workers,
            warning:
                "the server lets this login open \(left) more connection(s): \(workers) worker(s) instead of --jobs \(requested), to leave the application at least half of them"
        )
    }
}
