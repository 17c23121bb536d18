import DBCore
import Foundation
import Health
import History
import Testing

/// Retention and the store's schema: snapshots older than the limit go with their values
/// and statements, analytics days before it too; what is newer stays; a store opened again
/// keeps its data (migrations run once).
@Suite("History: retention and reopening")
struct HistoryRetentionTests {
    @Test func pruneDeletesWhatIsOlderAndKeepsTheRest() throws {
        try withStore { store, path in
            let now = Date()
            for (age, label) in [(500.0, "old"), (10.0, "recent")] {
                var snapshot = TargetSnapshot(
                    target: label, engine: .postgres, takenAt: now.addingTimeInterval(-age * 86_400))
                snapshot.samples = [HistorySample("table.total_bytes", "public.t", 8192)]
                snapshot.statementsMode = "delta"
                snapshot.statements = [
                    StatementHistory.Delta(
                        id: "q\(label)", database: nil, calls: 3, totalMs: 1.5, rows: 3, query: "SELECT 1")
                ]
                let formatter = ISO8601DateFormatter()
                formatter.formatOptions = [.withFullDate]
                snapshot.analytics = [
                    AnalyticsDay(
                        day: formatter.string(from: snapshot.takenAt), report: "dau", metric: "active_users", value: 5)
                ]
                try store.record(snapshot)
            }
            #expect(try store.targets() == ["old", "recent"])
            #expect(try store.prune(before: now.addingTimeInterval(-400 * 86_400)) == 1)
            #expect(try store.targets() == ["recent"])
            #expect(
                try store.series(metric: "table.total_bytes", target: nil, subject: nil, since: .distantPast).count == 1
            )
            #expect(try store.statements(target: nil, since: .distantPast).map(\.queryID) == ["qrecent"])
            #expect(try store.analytics(target: nil, report: nil, since: "1970-01-01").map(\.target) == ["recent"])
            let reopened = try SQLiteHistoryStore(path: path)
            #expect(try reopened.targets() == ["recent"])
            let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
            #expect(mode == 0o600, "the store is its owner's only")
        }
    }
}
