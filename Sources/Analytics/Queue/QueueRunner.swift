import DBCore
import Foundation

/// The queue report: depth now, hour by hour, wait and run time percentiles and the failed
/// share by a dimension, from the table the application keeps its queue in.
enum QueueRunner {
    static func report(_ config: ConnectionConfig, label: String, options: AnalyticsOptions) throws -> QueueReport {
        let context = try ReportContext(config: config, options: options) { profile, connection in
            try SourceResolver.resolveQueue(profile: profile, connection: connection)
        }
        guard let queue = context.profile.queue else {
            throw AnalyticsError.usage("profile \(context.profile.name) has no queue")
        }
        let statements = QueueStatements(
            queue: queue, table: context.resolved.qualifiedName(context.dialect), dialect: context.dialect,
            server: context.connection.server)
        context.columns = statements.identifiers
        let now = try statements.now(context.connection, now: options.now.timeIntervalSince1970)
        let hours = try self.hours(context, statements)
        let (dimension, column) = try context.dimension(options.dimension)
        let quoted = { (name: String) in context.dialect.quote(name) }
        let engine = context.dialect.engine.analytics
        context.valueExpression = SQLTemplate.Fragment(
            engine.milliseconds(from: quoted(queue.created), to: quoted(queue.started)))
        let wait = try LatencyPercentiles.report(context, options: options, label: label)
        context.valueExpression = SQLTemplate.Fragment(
            engine.milliseconds(from: quoted(queue.started), to: quoted(queue.finished)))
        let run = try LatencyPercentiles.report(context, options: options, label: label)
        let outcomes = try statements.outcomes(context.connection, dimension: column, range: context.rangeParameters)
        var source = context.reportSource(label: label)
        source.valueColumn = nil
        source.unit = "ms"
        return QueueReport(
            source: source, now: now, hours: hours, dimension: dimension, percentiles: wait.percentiles,
            wait: wait.groups, run: run.groups,
            outcomes: dimension == "none" ? [] : outcomes,
            total: QueueOutcome(
                value: nil, finished: outcomes.reduce(0) { $0 + $1.finished },
                failed: outcomes.reduce(0) { $0 + $1.failed }))
    }

    /// Each UTC hour the range touches, walked from the depth at its start.
    static func hours(_ context: ReportContext, _ statements: QueueStatements) throws -> [QueueHour] {
        let range = context.rangeParameters
        let start = try context.connection.query(try statements.render(.analyticsQueueDepthAt, parameters: range))
            .rows.first
        var waiting = start?.int64("waiting") ?? 0, running = start?.int64("running") ?? 0
        var events: [Int64: Row] = [:]
        for row in try context.connection.query(try statements.render(.analyticsQueueHours, parameters: range)).rows {
            if let hour = row.double("hour") { events[Int64(hour)] = row }
        }
        let first = context.period.from / 3600, last = (context.period.to - 1) / 3600
        var out: [QueueHour] = []
        for hour in first...last {
            let row = events[hour]
            let arrived = row?.int64("arrived") ?? 0, started = row?.int64("started") ?? 0
            let finished = row?.int64("finished") ?? 0, failed = row?.int64("failed") ?? 0
            let unstarted = row?.int64("dequeued_unstarted") ?? 0
            waiting += (row?.int64("joined_waiting") ?? 0) - started - unstarted
            running += (row?.int64("joined_running") ?? 0) - (finished - unstarted)
            out.append(
                QueueHour(
                    start: Date(timeIntervalSince1970: TimeInterval(hour * 3600)), arrived: arrived, started: started,
                    finished: finished, failed: failed, waiting: waiting, running: running))
        }
        return out
    }
}
