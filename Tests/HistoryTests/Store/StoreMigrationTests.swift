import Foundation
import GRDB
import Testing

@testable import History

/// A store an older dbops made (schema version 4: analytics days keyed by day first) is
/// brought to the current version when opened, every row kept: the analytics days read back
/// alike, per day and per week, and the job runs stay.
@Suite("History store: a version 4 store migrated")
struct StoreMigrationTests {
    @Test func version4StoreKeepsItsRows() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("dbops-mig-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("history.sqlite").path
        let old = try DatabaseQueue(path: path)
        try SQLiteHistoryStore.migrator.migrate(old, upTo: "v4")
        let days = (1...20).map { String(format: "2026-11-%02d", $0) }
        try old.write { db in
            for (index, day) in days.enumerated() {
                for (report, dimension, metric, value) in [
                    ("dau", "", "active_users", Double(100 + index)), ("cost", "story", "cost", Double(index) / 4),
                    ("latency", "story", "p95", Double(500 - index)),
                ] {
                    try db.execute(
                        sql:
                            "INSERT INTO analytics_day (target, day, report, dimension, metric, value, computed_at) VALUES ('app', ?, ?, ?, ?, ?, 0)",
                        arguments: [day, report, dimension, metric, value])
                }
            }
            try db.execute(
                sql:
                    "INSERT INTO job_run (target, job, started_at, seconds, outcome, detail) VALUES ('app', 'cleanup', 1, 2, 'complete', '')"
            )
        }
        try old.close()

        let store = try SQLiteHistoryStore(path: path)
        let stored = try store.analytics(target: "app", report: nil, since: "2026-01-01")
        #expect(stored.count == 60)
        let daily = try store.analyticsBuckets(since: "2026-11-01", until: "2026-11-30", weekly: false)
        #expect(daily.count == 60)
        #expect(daily.first { $0.day.report == "dau" && $0.day.day == "2026-11-05" }?.day.value == 104)
        let weekly = try store.analyticsBuckets(since: "2026-11-01", until: "2026-11-30", weekly: true)
        // 2026-11-01 is a Sunday: its week starts on Monday 2026-10-26; then four weeks.
        let dau = weekly.filter { $0.day.report == "dau" }
        #expect(dau.map(\.day.day) == ["2026-10-26", "2026-11-02", "2026-11-09", "2026-11-16"])
        #expect(dau.map(\.day.value) == [100, 104, 111, 117], "a week's mean of its days")
        let sums = weekly.filter { $0.day.report == "cost" }.map(\.day.value)
        #expect(sums == [0, 7, 19.25, 21.25], "a week's cost is its days' sum")
        let worst = weekly.filter { $0.day.report == "latency" }.map(\.day.value)
        #expect(worst == [500, 499, 492, 485], "a week's latency is its worst day")
        #expect(try store.jobRuns(since: .distantPast, until: .distantFuture).count == 1)
    }
}
