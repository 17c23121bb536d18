import Foundation
import Health
import History
import Testing

/// What the report judges from a history built by hand (times and figures known): a
/// statement is slower when its mean rose past the limit against the previous period of
/// the same length; a check that changed state since the period's start (or the previous
/// report) is listed; a table's growth and the days until capacity follow least squares.
@Suite("Report: slower statements, changes, growth")
struct ReportJudgementTests {
    static func delta(_ id: String, calls: Int64, totalMs: Double) -> StatementHistory.Delta {
        StatementHistory.Delta(
            id: id, database: nil, calls: calls, totalMs: totalMs, rows: calls, query: "SELECT \(id)")
    }

    @Test func slowerStatementsChangesAndGrowth() throws {
        try withStore { store, _ in
            let now = Date()
            func record(
                _ daysAgo: Double, mode: String, state: Double, bytes: Double, _ deltas: [StatementHistory.Delta]
            ) throws {
                var snapshot = TargetSnapshot(
                    target: "t", engine: .postgres, takenAt: now.addingTimeInterval(-daysAgo * 86_400))
                snapshot.statementsMode = mode
                snapshot.statements = deltas
                snapshot.samples = [
                    HistorySample("health_status.connections", "", state),
                    HistorySample("health_status.connection", "", 0),
                    HistorySample("table.total_bytes", "public.big", bytes),
                ]
                try store.record(snapshot)
            }
            try record(15, mode: "cumulative", state: 0, bytes: 1_000, [Self.delta("q1", calls: 1000, totalMs: 99_999)])
            try record(
                12, mode: "delta", state: 0, bytes: 2_000,
                [Self.delta("q1", calls: 10, totalMs: 100), Self.delta("q2", calls: 10, totalMs: 100)])
            try record(
                6, mode: "delta", state: 1, bytes: 8_000,
                [Self.delta("q1", calls: 10, totalMs: 130), Self.delta("q2", calls: 10, totalMs: 110)])
            try record(3, mode: "delta", state: 1, bytes: 11_000, [Self.delta("q1", calls: 10, totalMs: 130)])

            let query = HistoryQuery(store: store, targets: [], since: now.addingTimeInterval(-10 * 86_400))
            var options = ReportOptions(since: query.since, until: now)
            options.capacityBytes = 41_000
            let report = try ReportBuilder.build(query, options: options)
            let q1 = try #require(report.statements.first { $0.id == "q1" })
            #expect(q1.calls == 20 && q1.totalMs == 260 && q1.meanMs == 13)
            #expect(q1.previousMeanMs == 10, "the cumulative first snapshot is not a period's work")
            #expect(abs((q1.changePercent ?? 0) - 30) < 1e-9 && q1.slower)
            #expect(q1.totalMsPerSnapshot == [130, 130])
            let q2 = try #require(report.statements.first { $0.id == "q2" })
            #expect(abs((q2.changePercent ?? 0) - 10) < 1e-9 && !q2.slower)
            #expect(q2.totalMsPerSnapshot == [110, 0], "no work in a snapshot is 0")
            #expect(report.statements.map(\.id) == ["q1", "q2"], "by total time")

            let target = try #require(report.targets.first)
            #expect(target.state == "WARNING" && target.notOK == ["connections": "WARNING"])
            #expect(target.changes == [TargetOverview.Change(check: "connections", from: "OK", to: "WARNING")])

            // 8,000 then 11,000 bytes three days apart: 1,000 a day, 30 days to 41,000.
            let growth = try #require(report.growth.first)
            #expect(abs(growth.bytesPerDay - 1_000) < 1e-6 && growth.bytes == 11_000)
            #expect(abs((growth.daysUntilCapacity ?? 0) - 30) < 1e-6)

            // Once a report is made, the next one compares with it: nothing changed since.
            try store.recordReport(at: now, targets: ReportBuilder.selectionKey(query))
            options.until = now.addingTimeInterval(1)
            let next = try ReportBuilder.build(query, options: options)
            #expect(next.previousReportAt.map { abs($0.timeIntervalSince(now)) < 0.001 } == true)
            #expect(next.targets.first?.changes.isEmpty == true)
        }
    }
}
