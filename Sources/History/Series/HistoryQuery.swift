import DBCore
import Foundation

/// What `dbops history` (and the report) read: the stored targets picked by name, since a
/// time. Names are globs; a fleet member (TARGET/DATABASE) is picked by its target's name.
public struct HistoryQuery {
    public let store: HistoryStore
    public let targets: [String]
    public let since: Date

    public init(store: HistoryStore, targets: [String], since: Date) {
        self.store = store
        self.targets = targets
        self.since = since
    }

    /// "90d", "12h" (before now, up to 100 years) or a date ("2026-03-29", UTC midnight);
    /// nil for anything else.
    public static func since(_ text: String, now: Date = Date()) -> Date? {
        if let seconds = DurationText.seconds(text), seconds > 0, seconds <= 100 * 366 * 86_400 {
            return now.addingTimeInterval(-seconds)
        }
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withFullDate]
        return formatter.date(from: text)
    }

    public func picks(_ target: String) -> Bool {
        guard !targets.isEmpty else { return true }
        let owner = target.split(separator: "/", maxSplits: 1).first.map(String.init) ?? target
        return targets.contains { Glob.matches($0, target) || Glob.matches($0, owner) }
    }

    public func metrics() throws -> [MetricSummary] {
        guard targets.isEmpty else {
            // Per target, then merged: the store counts per metric.
            var merged: [String: MetricSummary] = [:]
            for target in try storedTargets() {
                for summary in try store.metrics(target: target) {
                    if var seen = merged[summary.metric] {
                        seen.targets += 1
                        seen.subjects = max(seen.subjects, summary.subjects)
                        seen.values += summary.values
                        seen.firstAt = min(seen.firstAt, summary.firstAt)
                        seen.lastAt = max(seen.lastAt, summary.lastAt)
                        merged[summary.metric] = seen
                    } else {
                        merged[summary.metric] = summary
                    }
                }
            }
            return merged.values.sorted { $0.metric < $1.metric }
        }
        return try store.metrics(target: nil)
    }

    func storedTargets() throws -> [String] { try store.targets().filter(picks) }

    /// A metric's points: sampled values, statement work (`statement.calls`, `.total_ms`,
    /// `.rows`, `.mean_ms` per statement id) or analytics figures (`analytics.REPORT.FIGURE`
    /// per group, at the day's midnight UTC).
    public func series(_ metric: String, subject: String?) throws -> [SeriesPoint] {
        let parts = metric.split(separator: ".", maxSplits: 2).map(String.init)
        if parts.first == "analytics", parts.count == 3 {
            let formatter = ISO8601DateFormatter()
            formatter.formatOptions = [.withFullDate]
            let firstDay = formatter.string(from: since)
            return try store.analytics(target: nil, report: parts[1], since: firstDay).compactMap { stored in
                guard picks(stored.target), stored.day.metric == parts[2],
                    subject == nil || stored.day.dimension == subject,
                    let day = formatter.date(from: stored.day.day)
                else { return nil }
                return SeriesPoint(
                    target: stored.target, subject: stored.day.dimension, takenAt: day, value: stored.day.value)
            }
        }
        if parts.first == "statement", parts.count == 2 {
            return try store.statements(target: nil, since: since).compactMap { work in
                guard picks(work.target), subject == nil || work.queryID == subject else { return nil }
                let value: Double?
                switch parts[1] {
                case "calls": value = Double(work.calls)
                case "total_ms": value = work.totalMs
                case "rows": value = Double(work.rows)
                case "mean_ms": value = work.calls > 0 ? work.totalMs / Double(work.calls) : nil
                default: value = nil
                }
                return value.map {
                    SeriesPoint(target: work.target, subject: work.queryID, takenAt: work.takenAt, value: $0)
                }
            }
        }
        return try store.series(metric: metric, target: nil, subject: subject, since: since).filter { picks($0.target) }
    }
}
