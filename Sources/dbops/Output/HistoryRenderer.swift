import DBCore
import Foundation
import History

/// `snapshot` and `history` output: what a snapshot stored, the metrics a store holds, and
/// one series as text, CSV or JSON.
enum HistoryRenderer {
    /// `dbops.snapshot/v1`: what one snapshot of one target stored.
    struct SnapshotSummary: Encodable {
        let schema = "dbops.snapshot/v1"
        let target: String
        let engine: String
        let takenAt: Date
        let seconds: Double
        let store: String
        let values: Int
        let statements: Int
        let statementsMode: String?
        let analyticsDays: Int
        let notes: [String]

        enum CodingKeys: String, CodingKey {
            case schema, target, engine, seconds, store, values, statements, notes
            case takenAt = "taken_at", statementsMode = "statements_mode", analyticsDays = "analytics_days"
        }
    }

    static func render(_ snapshot: TargetSnapshot, store: String, format: OutputFormat) throws -> String {
        let summary = SnapshotSummary(
            target: snapshot.target, engine: snapshot.engine.rawValue, takenAt: snapshot.takenAt,
            seconds: (snapshot.seconds * 1000).rounded() / 1000, store: store, values: snapshot.samples.count,
            statements: snapshot.statements.count, statementsMode: snapshot.statementsMode,
            analyticsDays: Set(snapshot.analytics.map(\.day)).count, notes: snapshot.notes)
        if format == .json { return try JSONOutput.encode(summary) }
        let statements =
            summary.statementsMode.map {
                "\(summary.statements) statements (\($0 == "delta" ? "since the previous snapshot" : "cumulative: first snapshot or after a reset"))"
            } ?? "no statements"
        var out =
            "\(summary.target): \(summary.values) values, \(statements), \(summary.analyticsDays) analytics days in \(Format.duration(summary.seconds)) -> \(store)\n"
        for note in summary.notes { out += "  note: \(FlatText.line(note))\n" }
        return out
    }

    /// `dbops.history-metrics/v1`: the metrics a store holds.
    static func render(_ metrics: [MetricSummary], store: String, format: OutputFormat) throws -> String {
        struct Listing: Encodable {
            let schema = "dbops.history-metrics/v1"
            let store: String
            let metrics: [MetricSummary]
        }
        switch format {
        case .json: return try JSONOutput.encode(Listing(store: store, metrics: metrics))
        case .csv:
            return csv(
                ["metric", "targets", "subjects", "values", "first_at", "last_at"],
                metrics.map {
                    [$0.metric, "\($0.targets)", "\($0.subjects)", "\($0.values)", iso($0.firstAt), iso($0.lastAt)]
                })
        default:
            guard !metrics.isEmpty else { return "\(store): nothing stored yet\n" }
            return table(
                ["metric", "targets", "subjects", "values", "from", "to"],
                metrics.map {
                    [$0.metric, "\($0.targets)", "\($0.subjects)", "\($0.values)", iso($0.firstAt), iso($0.lastAt)]
                })
        }
    }

    /// `dbops.history/v1`: one metric's points per target and subject, oldest first.
    static func render(_ points: [SeriesPoint], metric: String, since: Date, format: OutputFormat) throws -> String {
        struct Series: Encodable {
            let schema = "dbops.history/v1"
            let metric: String
            let since: Date
            let points: [SeriesPoint]
        }
        switch format {
        case .json: return try JSONOutput.encode(Series(metric: metric, since: since, points: points))
        case .csv:
            return csv(
                ["target", "subject", "taken_at", "value"],
                points.map { [$0.target, $0.subject, iso($0.takenAt), Format.number($0.value)] })
        default:
            guard !points.isEmpty else { return "\(metric): no values since \(iso(since))\n" }
            return table(
                ["target", "subject", "taken at", metric],
                points.map { [$0.target, $0.subject, iso($0.takenAt), Format.number($0.value)] })
        }
    }

    static func csv(_ header: [String], _ rows: [[String]]) -> String {
        var writer = CSVWriter(header: header)
        for row in rows { writer.add(row) }
        return writer.text
    }

    static func table(_ header: [String], _ rows: [[String]]) -> String {
        var table = TextTable(header)
        for row in rows { table.add(row) }
        return table.render(indent: "")
    }

    static func iso(_ date: Date) -> String {
        ISO8601DateFormatter.string(from: date, timeZone: .gmt, formatOptions: [.withInternetDateTime])
    }

    /// The UTC day of `date` (YYYY-MM-DD).
    static func day(_ date: Date) -> String {
        ISO8601DateFormatter.string(from: date, timeZone: .gmt, formatOptions: [.withFullDate])
    }
}
