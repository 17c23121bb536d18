import DBCore

/// The queue's statements (queries/<engine>/analytics/queue_*.sql) rendered for one queue:
/// its columns as quoted identifiers, its status lists as bound values. Shared by the
/// report (QueueRunner) and health's queue checks (QueueProbe).
struct QueueStatements {
    let queue: QueueSource
    /// The queue's table as statements name it (ResolvedSource.qualifiedName).
    let table: String
    let dialect: Dialect
    let server: ServerInfo

    var identifiers: [String: String] {
        [
            "created": queue.created, "started": queue.started, "finished": queue.finished, "status": queue.status,
            "time": queue.created,
        ]
    }

    /// `:name0, :name1, ...` for a list of statuses (a list that can match nothing for none).
    static func list(_ name: String, _ values: [String]) -> SQLTemplate.Fragment {
        guard !values.isEmpty else { return SQLTemplate.Fragment("NULL") }
        var parameters: [String: SQLValue] = [:]
        for (i, value) in values.enumerated() { parameters["\(name)_\(i)"] = .text(value) }
        return SQLTemplate.Fragment(
            values.indices.map { ":\(name)_\($0)" }.joined(separator: ", "), parameters: parameters)
    }

    var fragments: [String: SQLTemplate.Fragment] {
        let engine = dialect.engine.analytics
        let hour = { (column: String) in
            SQLTemplate.Fragment("FLOOR(\(engine.epochSeconds(dialect.quote(column))) / 3600)")
        }
        return [
            "table": SQLTemplate.Fragment(table),
            "created_hour": hour(queue.created), "started_hour": hour(queue.started),
            "finished_hour": hour(queue.finished),
            "oldest_epoch": SQLTemplate.Fragment(engine.epochSeconds("MIN(\(dialect.quote(queue.created)))")),
            "open_statuses": Self.list("open_status", queue.waiting + queue.running),
            "waiting_statuses": Self.list("waiting_status", queue.waiting),
            "running_statuses": Self.list("running_status", queue.running),
            "failed_statuses": Self.list("failed_status", queue.failed),
        ]
    }

    func render(
        _ name: QueryName, fragments more: [String: SQLTemplate.Fragment] = [:], parameters: [String: SQLValue] = [:]
    ) throws -> SQLTemplate.Rendered {
        try SQLTemplate.named(name, server: server).render(
            dialect: dialect, identifiers: identifiers, fragments: fragments.merging(more) { $1 },
            parameters: parameters)
    }

    /// Rows in each open status now and how old the oldest is (seconds before `now`).
    func now(_ connection: DatabaseConnection, now: Double) throws -> QueueNow {
        var statuses: [QueueNow.Status] = []
        for row in try connection.query(try render(.analyticsQueueNow)).rows {
            let status = row["status"] ?? ""
            let oldest = row.double("oldest_epoch")
            statuses.append(
                QueueNow.Status(
                    status: status, state: queue.waiting.contains(status) ? "waiting" : "running",
                    rows: row.int64("row_count") ?? 0, oldestAgeSeconds: oldest.map { max(0, now - $0) }))
        }
        statuses.sort { $0.status < $1.status }
        let waiting = statuses.filter { $0.state == "waiting" }
        return QueueNow(
            statuses: statuses, waiting: waiting.reduce(0) { $0 + $1.rows },
            running: statuses.filter { $0.state == "running" }.reduce(0) { $0 + $1.rows },
            oldestWaitingSeconds: waiting.compactMap(\.oldestAgeSeconds).max())
    }

    /// Rows that ended in the range, by dimension value (`dimension` a column fragment).
    func outcomes(_ connection: DatabaseConnection, dimension: SQLTemplate.Fragment, range: [String: SQLValue])
        throws -> [QueueOutcome]
    {
        try connection.query(
            try render(.analyticsQueueOutcomes, fragments: ["dimension": dimension], parameters: range)
        ).rows.map { row in
            QueueOutcome(value: row["dim"], finished: row.int64("finished") ?? 0, failed: row.int64("failed") ?? 0)
        }.sorted { ($0.value ?? "\u{10FFFF}") < ($1.value ?? "\u{10FFFF}") }
    }
}
