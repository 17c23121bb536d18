import Analytics
import DBCore
import Foundation
import History
import Testing
import TestSupport

/// A snapshot while a migration holds the analytics table: the analytics part gives up
/// after the snapshot's lock timeout, as its other parts do, and the snapshot ends. It
/// waited as long as an analytics statement may run (5 minutes), so a cron snapshot every
/// few minutes ran into the next one.
@Suite("History: a snapshot around a held table")
struct HeldTableSnapshotTests {
    @Test("The analytics part gives up on a held table after the lock timeout")
    func analyticsGivesUpOnAHeldTable() throws {
        try ScratchDatabase.with(.postgres, prefix: "snaplock") { scratch in
            let app = try scratch.connect()
            defer { app.close() }
            try app.executeScript(
                """
                CREATE TABLE api_usage (id int PRIMARY KEY, user_id int, created_at timestamptz NOT NULL,
                                        function_name text, status text, cost_estimate numeric, response_time_ms int);
                INSERT INTO api_usage SELECT g, g % 7, now() - g * interval '1 hour', 'f', 'ok', 0.01, g FROM generate_series(1, 100) g
                """)
            try app.executeScript("BEGIN; LOCK TABLE api_usage IN ACCESS EXCLUSIVE MODE")
            defer { _ = try? app.execute("ROLLBACK") }
            try withStore { store, _ in
                var options = plainOptions()
                options.analytics = AnalyticsOptions(since: "30d")
                options.analytics?.profile = "infinitestories"
                options.analyticsDays = 3
                options.sizes = false
                options.statements = false
                options.indexAdvice = false
                options.session.lockTimeout = 0.3
                let snapshot = try SnapshotRunner.run(scratch.config, label: "held", store: store, options: options)
                #expect(
                    snapshot.notes.contains { $0.hasPrefix("analytics") && $0.contains("lock timeout") },
                    "\(snapshot.notes)")
                #expect(snapshot.unanswered.isEmpty, "a held table is no server that stopped answering")
            }
        }
    }

    @Test("Sizes are recorded for every table but those a schema change or a REINDEX holds, which are named")
    func sizesAroundAHeldTable() throws {
        try ScratchDatabase.with(.postgres, prefix: "snapsize") { scratch in
            let app = try scratch.connect()
            defer { app.close() }
            try app.executeScript(
                """
                CREATE TABLE free (id int PRIMARY KEY); INSERT INTO free SELECT generate_series(1, 1000);
                CREATE TABLE migrating (id int PRIMARY KEY); INSERT INTO migrating SELECT generate_series(1, 1000);
                CREATE TABLE reindexing (id int PRIMARY KEY); INSERT INTO reindexing SELECT generate_series(1, 1000)
                """)
            // REINDEX INDEX holds only the index ACCESS EXCLUSIVE (the table SHARE), yet
            // pg_total_relation_size and pg_indexes_size of its table wait for it.
            try app.executeScript(
                "BEGIN; LOCK TABLE migrating IN ACCESS EXCLUSIVE MODE; REINDEX INDEX reindexing_pkey")
            defer { _ = try? app.execute("ROLLBACK") }
            try withStore { store, _ in
                var options = plainOptions()
                options.statements = false
                options.indexAdvice = false
                options.partitions = nil
                options.session.lockTimeout = 0.3
                let snapshot = try SnapshotRunner.run(scratch.config, label: "held", store: store, options: options)
                // One held table made the size functions wait and lost every table's sizes.
                let sized = Set(snapshot.samples.filter { $0.metric == "table.total_bytes" }.map(\.subject))
                #expect(sized == ["public.free"], "\(sized) \(snapshot.notes)")
                #expect(
                    snapshot.samples.contains { $0.metric == "index.bytes" && $0.subject == "public.free.free_pkey" })
                #expect(
                    !snapshot.samples.contains {
                        $0.metric == "index.bytes" && $0.subject.hasPrefix("public.migrating")
                    })
                #expect(
                    snapshot.notes.contains {
                        $0.hasPrefix("sizes of 2 table(s)") && $0.contains("public.migrating")
                            && $0.contains("public.reindexing")
                    },
                    "\(snapshot.notes)")
            }
        }
    }
}
