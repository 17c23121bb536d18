import DBCore
import Foundation

/// A database's work queue for health checks, read on the checks' own session: the
/// application is recognised by its tables (configured profiles first), and its queue read
/// now and over the last `window` seconds.
public enum QueueProbe {
    public struct Reading: Sendable {
        public let profile: String
        public let table: String
        public let now: QueueNow
        /// Rows that ended in the window, and how many failed.
        public let ended: QueueOutcome
    }

    /// nil when the database holds no application with a queue.
    public static func read(
        _ connection: DatabaseConnection, profiles: [AnalyticsProfile], window: Double, now: Date
    ) throws -> Reading? {
        // The profile's tables are found by name on the database's own path; the statements
        // name the table with its schema and run on the session's (pg_catalog alone for
        // health's checks: they pass the application's columns to count() and min()).
        let found = try connection.withApplicationPath { () throws -> (AnalyticsProfile, ResolvedSource)? in
            let profile: AnalyticsProfile
            do {
                profile = try SourceResolver.profile(named: nil, configured: profiles, connection: connection)
            } catch is AnalyticsError {
                return nil
            }
            guard profile.queue != nil else { return nil }
            return (profile, try SourceResolver.resolveQueue(profile: profile, connection: connection))
        }
        guard let (profile, resolved) = found, let queue = profile.queue else { return nil }
        let statements = QueueStatements(
            queue: queue, table: resolved.qualifiedName(connection.dialect), dialect: connection.dialect,
            server: connection.server)
        let to = Int64(now.timeIntervalSince1970.rounded(.up))
        let period = ReportPeriod(from: to - Int64(window.rounded(.up)), to: to, timeZone: "UTC")
        let range = TimeSQL.range(period, kind: resolved.timeKind, calendar: try LocalCalendar(identifier: "UTC"))
        let outcomes = try statements.outcomes(connection, dimension: SQLTemplate.Fragment("'all'"), range: range)
        return Reading(
            profile: profile.name, table: resolved.tableLabel,
            now: try statements.now(connection, now: now.timeIntervalSince1970),
            ended: QueueOutcome(
                value: nil, finished: outcomes.reduce(0) { $0 + $1.finished },
                failed: outcomes.reduce(0) { $0 + $1.failed }
            ))
    }
}
