import DBCore

/// `dbops analytics`: daily active users, cost, and latency percentiles from the
/// applications' own tables. Each call opens one read-only connection under a statement
/// timeout, runs one statement, and returns a report; nothing is printed here.
public enum AnalyticsRunner {
    public static func activeUsers(_ config: ConnectionConfig, label: String, options: AnalyticsOptions) throws
        -> ActiveUsersReport
    {
        try naming(options) {
            let context = try ReportContext(.dau, config: config, options: options)
            return try ActiveUsers.report(context, options: options, label: label)
        }
    }

    public static func cost(_ config: ConnectionConfig, label: String, options: AnalyticsOptions) throws -> CostReport {
        try naming(options) {
            let context = try ReportContext(.cost, config: config, options: options)
            return try CostBreakdown.report(context, options: options, label: label)
        }
    }

    public static func latency(_ config: ConnectionConfig, label: String, options: AnalyticsOptions) throws
        -> LatencyReport
    {
        try naming(options) {
            let context = try ReportContext(.latency, config: config, options: options)
            return try LatencyPercentiles.report(context, options: options, label: label)
        }
    }

    /// A work queue (the profile's `queue`): depth now and per hour, wait and run time
    /// percentiles and the failed share by a dimension.
    public static func queue(_ config: ConnectionConfig, label: String, options: AnalyticsOptions) throws
        -> QueueReport
    {
        try naming(options) { try QueueRunner.report(config, label: label, options: options) }
    }

    /// Parents created per day by distinct users, and their children on average
    /// (StoryboardAI's user_engagement_metrics from its base tables, compared with the view).
    public static func engagement(_ config: ConnectionConfig, label: String, options: AnalyticsOptions) throws
        -> EngagementReport
    {
        try naming(options) { try EngagementRunner.report(config, label: label, options: options) }
    }

    /// Parents ranked by their children, with a child measure on average (InfiniteStories'
    /// heroes by stories and plays).
    public static func top(_ config: ConnectionConfig, label: String, options: AnalyticsOptions) throws -> TopReport {
        try naming(options) { try TopRunner.report(config, label: label, options: options) }
    }

    /// The ranking's statement and the server's plan for it (EXPLAIN only).
    public static func explainTop(_ config: ConnectionConfig, label: String, options: AnalyticsOptions) throws
        -> AnalyticsPlan
    {
        let (context, _, statement) = try TopRunner.prepare(config, options: options)
        return try context.explain(statement, report: "top", label: label)
    }

    /// The statement a report would run and the server's plan for it (EXPLAIN only:
    /// nothing is run).
    public static func explain(_ metric: Metric, _ config: ConnectionConfig, label: String, options: AnalyticsOptions)
        throws -> AnalyticsPlan
    {
        let context = try ReportContext(metric, config: config, options: options)
        let statement: SQLTemplate.Rendered
        switch metric {
        case .dau: statement = try ActiveUsers.statement(context, options: options)
        case .cost: statement = try CostBreakdown.statement(context, options: options).1
        case .latency:
            let (_, dimension, _, fragments) = try LatencyPercentiles.inputs(context, options: options)
            statement = try LatencyPercentiles.plan(
                context, dimension: dimension, fragments: fragments, options: options
            ).first()
        }
        return try context.explain(statement, report: metric.rawValue, label: label)
    }

    /// A report whose table another session holds (a migration's exclusive lock) gives up
    /// at the lock timeout: the error says what it waited for and for how long.
    static func naming<T>(_ options: AnalyticsOptions, _ body: () throws -> T) throws -> T {
        do { return try body() } catch let error as DBError where error.code == .lockNotAvailable {
            throw DBError(
                .lockNotAvailable,
                "another session holds a table this report reads (a schema change, a REINDEX, LOCK TABLES): gave up after \(Format.duration(options.lockTimeout)) (--lock-timeout): \(error.message)"
            )
        }
    }
}
