import DBCore

/// The SQL the analytics reports write differently per engine: PostgresAnalytics,
/// MySQLAnalytics. The reports themselves (queries/<engine>/analytics) differ in their files;
/// these are the pieces built around them.
protocol AnalyticsEngine {
    /// The local date of `column` (quoted) shifted by `plusSeconds` (an SQL expression, or
    /// "" for none); `instant` for a column holding instants (read as UTC).
    static func localDay(_ column: String, instant: Bool, plusSeconds: String) -> String
    /// The first day of the week or month holding `day`.
    static func bucketStart(_ bucket: Bucket) -> String
    /// Fragments of the rolling active-users statement.
    static func rollingFragments(dayCount: Int) -> [String: SQLTemplate.Fragment]
    /// Reads the rolling statement's rows into the counter.
    static func readActiveDays(
        _ context: ReportContext, _ statement: SQLTemplate.Rendered, into counter: inout RollingActiveUsers) throws
    /// Fragments that pick the rows each of `count` percentiles (parameters :p0, :p1, ...) needs.
    static func percentileFragments(count: Int, parameters: [String: SQLValue]) -> [String: SQLTemplate.Fragment]
    /// How the latency report finds its order statistics on this server: counting each
    /// integer duration (`counting` renders it; nil where durations are not integers; at
    /// most `limit` pairs), sorting groups into arrays (`arrays`), or a window over the rows.
    /// Neither statement is rendered where the engine has no such file.
    static func latencyPath(
        _ connection: DatabaseConnection, counting: (() throws -> SQLTemplate.Rendered)?,
        arrays: () throws -> SQLTemplate.Rendered,
        limit: Int, arrayRowLimit: Double
    ) throws -> LatencyPath
    /// Whole milliseconds from one time column (quoted) to another, rounded half away from
    /// zero from the exact microseconds, identically on every engine (NULL if either is).
    static func milliseconds(from: String, to: String) -> String
    /// Seconds since 1970 of a time expression (a timestamp without time zone read as UTC;
    /// MySQL/MariaDB's session is on UTC), with its fraction.
    static func epochSeconds(_ expression: String) -> String
}

extension Engine {
    /// This engine's implementation of AnalyticsEngine.
    var analytics: AnalyticsEngine.Type { Self.analyticsImplementations[self] ?? PostgresAnalytics.self }

    private static let analyticsImplementations: [Engine: AnalyticsEngine.Type] = [
        .postgres: PostgresAnalytics.self, .mysql: MySQLAnalytics.self,
    ]
}
