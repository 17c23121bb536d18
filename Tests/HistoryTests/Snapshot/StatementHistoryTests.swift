import DBCore
import Foundation
import History
import Testing
import TestSupport

/// Two snapshots with a known statement run between them (on a server of the test's own,
/// so no other suite's statements evict the entry): the store holds exactly the
/// runs between them (the server's own counters read independently, before and after),
/// the statement's text once, and every table's size as the server reports it.
@Suite("History: statement deltas and sizes between snapshots")
struct StatementHistoryTests {
    /// The statement's calls so far, read from the server's own statistics.
    static func calls(_ connection: DatabaseConnection, database: String) throws -> (id: String, calls: Int64)? {
        let sql: String
        switch connection.engine {
        case .postgres:
            sql = """
                SELECT queryid::text AS id, calls FROM pg_stat_statements
                WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
                  AND query LIKE 'SELECT count(*) FROM hist_marker%'
                """
        case .mysql:
            sql = """
                SELECT DIGEST AS id, COUNT_STAR AS calls FROM performance_schema.events_statements_summary_by_digest
                WHERE SCHEMA_NAME = DATABASE() AND DIGEST_TEXT LIKE 'SELECT COUNT ( \\\\* ) FROM `hist_marker`%'
                """
        }
        guard let row = try connection.query(sql).rows.first, let id = row["id"], let calls = row.int64("calls") else {
            return nil
        }
        return (id, calls)
    }

    @Test(arguments: Engine.allCases)
    func deltasBetweenSnapshotsMatchTheServersCounters(engine: Engine) throws {
        try StatementServer.with(engine) { config, session in
            try session.executeScript("CREATE TABLE hist_marker (id INT PRIMARY KEY, v INT)")
            try session.executeScript("INSERT INTO hist_marker VALUES (1, 1), (2, 2), (3, 3)")
            try session.executeScript("SELECT count(*) FROM hist_marker WHERE v > 0")
            try withStore { store, _ in
                let label = "hist-\(engine.rawValue)"
                let first = try SnapshotRunner.run(
                    config, label: label, store: store, options: plainOptions())
                #expect(first.statementsMode == "cumulative", "\(first.notes)")
                let before = try #require(try Self.calls(session, database: "stats"), "the marker is counted")
                for _ in 0..<7 { _ = try session.query("SELECT count(*) FROM hist_marker WHERE v > 0") }
                // MariaDB counts a digest as the statement ends: wait until all seven are in.
                var after = try Self.calls(session, database: "stats")
                for _ in 0..<50 where (after?.calls ?? 0) < before.calls + 7 {
                    Thread.sleep(forTimeInterval: 0.1)
                    after = try Self.calls(session, database: "stats")
                }
                #expect(after?.calls == before.calls + 7)
                let second = try SnapshotRunner.run(
                    config, label: label, store: store, options: plainOptions())
                #expect(second.statementsMode == "delta", "\(second.notes)")
                let stored = try store.statements(target: label, since: .distantPast).filter { $0.queryID == before.id }
                #expect(stored.map(\.calls).last == 7, "the runs between the snapshots: \(stored)")
                #expect(abs((stored.last?.takenAt ?? .distantPast).timeIntervalSince(second.takenAt)) < 0.001)
                #expect(stored.last?.query?.contains("hist_marker") == true, "the text is kept")

                // Sizes as the server reports them.
                let sizeSQL =
                    engine == .postgres
                    ? "SELECT pg_total_relation_size('hist_marker')"
                    : "SELECT data_length + index_length FROM information_schema.TABLES WHERE table_schema = DATABASE() AND table_name = 'hist_marker'"
                let size = Double(try session.scalar(sizeSQL) ?? "") ?? -1
                let subject = (engine == .postgres ? "public" : "stats") + ".hist_marker"
                let sizes = try store.series(
                    metric: "table.total_bytes", target: label, subject: subject, since: .distantPast)
                #expect(sizes.count == 2 && sizes.last?.value == size, "\(sizes) vs \(size)")
                let health = try store.series(
                    metric: "health_status.connection", target: label, subject: nil, since: .distantPast)
                #expect(health.map(\.value) == [0, 0])
            }
        }
    }
}
