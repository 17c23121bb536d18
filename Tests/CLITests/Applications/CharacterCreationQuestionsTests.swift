import DBCore
import Foundation
import Testing
import TestSupport

/// Character Creation's "Generation queue processing (status, created_at)" (seed 002), which
/// the document gives no SQL for: dbops' queue report and health checks against SQL written
/// from its words, on the fixture; and the same report from identical rows on PostgreSQL and
/// MariaDB, through a config profile's queue.
@Suite("Character Creation's generation queue through dbops")
struct CharacterCreationQuestionsTests {
    static func json(_ result: DBOpsProcess.Result) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: result.stdoutData) as? [String: Any], "\(result)")
    }

    static func close(_ a: Double?, _ b: Double?) -> Bool {
        guard let a, let b else { return a == nil && b == nil }
        return abs(a - b) <= 1e-6 * max(1, abs(b))
    }

    @Test("Depth now and hour by hour, wait and run percentiles by style, the failed share: as the SQL counts them")
    func queueReport() throws {
        let pg = try TestServers.connect(.postgres, database: "character_creation")
        defer { pg.close() }
        // 72 whole hours ending at the last whole hour (created_at is UTC wall time).
        let until = try #require(try pg.scalar("SELECT date_trunc('hour', now() AT TIME ZONE 'UTC')"))
        let since = try #require(try pg.scalar("SELECT '\(until)'::timestamp - interval '72 hours'"))
        func iso(_ text: String) -> String { String(text.prefix(16)).replacingOccurrences(of: " ", with: "T") + "Z" }
        let result = try DBOpsProcess.run(
            ["analytics", "queue", "--since", iso(since), "--until", iso(until), "--format", "json"],
            environment: ["DBOPS_URL": try TestServers.url(.postgres, database: "character_creation")])
        #expect(result.exitCode == 0, "\(result)")
        #expect(try JSONSchemaCheck.problems(result.stdoutData).isEmpty)
        let report = try Self.json(result)

        // Now: rows waiting (PENDING) and being worked on (PROCESSING), the oldest's age.
        let now = try #require(report["now"] as? [String: Any])
        let depth = try pg.query(
            """
            SELECT status::text AS status, count(*) AS n,
                   EXTRACT(EPOCH FROM (now() AT TIME ZONE 'UTC') - min(created_at)) AS age
            FROM generations WHERE status IN ('PENDING', 'PROCESSING') GROUP BY 1
            """
        ).rows
        let pending = try #require(depth.first { $0["status"] == "PENDING" })
        #expect((now["waiting"] as? Int).map(Int64.init) == pending.int64("n"))
        #expect((now["running"] as? Int).map(Int64.init) == depth.first { $0["status"] == "PROCESSING" }?.int64("n"))
        let oldest = try #require(now["oldest_waiting_seconds"] as? Double)
        #expect(abs(oldest - (pending.double("age") ?? 0)) < 30, "\(oldest) vs \(pending["age"] ?? "")")

        // Hour by hour, each counted on its own from the rows' times.
        let truth = try pg.query(
            """
            SELECT h,
              (SELECT count(*) FROM generations WHERE created_at >= h AND created_at < h + interval '1 hour') AS arrived,
              (SELECT count(*) FROM generations WHERE started_at >= h AND started_at < h + interval '1 hour') AS started,
              (SELECT count(*) FROM generations WHERE completed_at >= h AND completed_at < h + interval '1 hour') AS finished,
              (SELECT count(*) FROM generations WHERE completed_at >= h AND completed_at < h + interval '1 hour'
                                                  AND status = 'FAILED') AS failed,
              (SELECT count(*) FROM generations WHERE created_at < h + interval '1 hour'
                 AND (COALESCE(started_at, completed_at) >= h + interval '1 hour'
                      OR (COALESCE(started_at, completed_at) IS NULL AND status = 'PENDING'))) AS waiting,
              (SELECT count(*) FROM generations WHERE started_at < h + interval '1 hour'
                 AND (completed_at >= h + interval '1 hour' OR (completed_at IS NULL AND status = 'PROCESSING'))) AS running
            FROM generate_series($1::timestamp, $2::timestamp - interval '1 hour', interval '1 hour') AS h
            ORDER BY h
            """, [.text(since), .text(until)]
        ).rows
        let hours = try #require(report["hours"] as? [[String: Any]])
        #expect(hours.count == 72 && truth.count == 72)
        for (ours, theirs) in zip(hours, truth) {
            for key in ["arrived", "started", "finished", "failed", "waiting", "running"] {
                #expect((ours[key] as? Int).map(Int64.init) == theirs.int64(key), "\(theirs["h"] ?? "") \(key)")
            }
        }

        // Wait and run time percentiles by style, of the generations that arrived in the range.
        for (name, from, to) in [("wait", "created_at", "started_at"), ("run", "started_at", "completed_at")] {
            let groups = try #require(report[name] as? [[String: Any]])
            let expected = try pg.query(
                """
                SELECT style_type::text AS style, count(*) AS calls, count(d) AS timed,
                       percentile_cont(0.5) WITHIN GROUP (ORDER BY d) AS p50,
                       percentile_cont(0.95) WITHIN GROUP (ORDER BY d) AS p95,
                       percentile_cont(0.99) WITHIN GROUP (ORDER BY d) AS p99, max(d) AS mx
                FROM (SELECT style_type, round(EXTRACT(EPOCH FROM (\(to) - \(from))) * 1000) AS d
                      FROM generations WHERE created_at >= $1::timestamp AND created_at < $2::timestamp) AS g
                GROUP BY 1
                """, [.text(since), .text(until)]
            ).rows
            #expect(groups.count == expected.count, "\(name)")
            for row in expected {
                let group = try #require(groups.first { $0["value"] as? String == row["style"] }, "\(name) \(row)")
                #expect((group["calls"] as? Int).map(Int64.init) == row.int64("calls"))
                #expect((group["count"] as? Int).map(Int64.init) == row.int64("timed"))
                let percentiles = group["percentiles"] as? [String: Double] ?? [:]
                for label in ["p50", "p95", "p99"] {
                    #expect(Self.close(percentiles[label], row.double(label)), "\(name) \(row["style"] ?? "") \(label)")
                }
                #expect(Self.close(group["max"] as? Double, row.double("mx")))
            }
        }

        // The failed share of the generations that ended in the range, by style.
        let outcomes = try #require(report["outcomes"] as? [[String: Any]])
        for row in try pg.query(
            """
            SELECT style_type::text AS style, count(*) AS ended, count(*) FILTER (WHERE status = 'FAILED') AS failed
            FROM generations WHERE completed_at >= $1::timestamp AND completed_at < $2::timestamp GROUP BY 1
            """, [.text(since), .text(until)]
        ).rows {
            let outcome = try #require(outcomes.first { $0["value"] as? String == row["style"] })
            #expect((outcome["finished"] as? Int).map(Int64.init) == row.int64("ended"))
            #expect((outcome["failed"] as? Int).map(Int64.init) == row.int64("failed"))
        }
    }

    @Test("Health: the oldest pending generation's age and the failed share of the last window, with thresholds")
    func queueHealth() throws {
        let pg = try TestServers.connect(.postgres, database: "character_creation")
        defer { pg.close() }
        let env = ["DBOPS_URL": try TestServers.url(.postgres, database: "character_creation")]
        let ended = """
            SELECT count(*) AS ended, count(*) FILTER (WHERE status = 'FAILED') AS failed FROM generations
            WHERE completed_at >= (now() AT TIME ZONE 'UTC') - interval '7 days' AND completed_at < now() AT TIME ZONE 'UTC'
            """
        let before = try #require(try pg.query(ended).rows.first)
        let result = try DBOpsProcess.run(
            [
                "health", "--check", "queue_oldest_waiting,queue_failed_share", "--queue-window", "7d",
                "--warn", "queue_oldest_waiting=3600", "--crit", "queue_oldest_waiting=863913600",
                "--warn", "queue_failed_share=0.1", "--crit", "queue_failed_share=99", "--format", "json",
            ], environment: env)
        let after = try #require(try pg.query(ended).rows.first)
        let checks = try #require(try Self.json(result)["checks"] as? [[String: Any]])
        let oldest = try #require(checks.first { $0["name"] as? String == "queue_oldest_waiting" })
        let age = try #require(
            try pg.scalar(
                "SELECT EXTRACT(EPOCH FROM (now() AT TIME ZONE 'UTC') - min(created_at)) FROM generations WHERE status = 'PENDING'"
            ).flatMap(Double.init))
        #expect(abs((oldest["value"] as? Double ?? 0) - age) < 30, "\(oldest)")
        #expect(oldest["status"] as? String == "warning", "\(oldest)")
        let share = try #require(checks.first { $0["name"] as? String == "queue_failed_share" })
        #expect(share["status"] as? String == "warning", "\(share)")
        // The window moves while dbops runs: its figures lie between those read before and after.
        let metrics = share["metrics"] as? [String: Double] ?? [:]
        let seen = Int64(metrics["queue_ended"] ?? -1)
        #expect(seen <= before.int64("ended") ?? 0 && seen >= after.int64("ended") ?? 0, "\(share)")
        #expect(result.exitCode == 1, "\(result)")
        // A database without a queue: said, and OK.
        let other = try DBOpsProcess.run(
            ["health", "--check", "queue_oldest_waiting", "--format", "json"],
            environment: ["DBOPS_URL": try TestServers.url(.postgres, database: "infinitestories")])
        #expect(other.exitCode == 0 && other.stdout.contains("no application work queue"), "\(other)")
    }

    @Test("The same queue on PostgreSQL and MariaDB (a config profile's queue) gives the same report")
    func sameOnBothEngines() throws {
        // 400 jobs over three days, deterministic: some wait, some run, some fail, some never start.
        var rows: [String] = []
        let base = 1_767_225_600.0  // 2026-01-01 00:00:00 UTC
        var seed: UInt64 = 42
        func next() -> UInt64 {
            seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return seed >> 33
        }
        func stamp(_ t: Double?) -> String {
            guard let t else { return "NULL" }
            return "'" + SQLValue.formatTimestamp(Date(timeIntervalSince1970: t)).prefix(23) + "'"
        }
        for id in 1...400 {
            let created = base + Double(next() % 259_200_000) / 1000
            let kind = ["a", "b", "c"][Int(next() % 3)]
            let fate = next() % 10
            let started: Double? = fate == 0 ? nil : created + Double(next() % 60_000) / 1000
            let finished: Double? =
                fate <= 1
                ? (fate == 1 ? nil : (next() % 2 == 0 ? created + 5 : nil)) : started! + Double(next() % 120_000) / 1000
            let status =
                fate == 0
                ? (finished == nil ? "queued" : "failed") : fate == 1 ? "working" : fate == 2 ? "failed" : "done"
            rows.append("(\(id), '\(kind)', \(stamp(created)), \(stamp(started)), \(stamp(finished)), '\(status)')")
        }
        // Rows whose times and status disagree (done without times, done but never ended):
        // counted by their status, as the depth's definition says.
        rows.append("(401, 'a', \(stamp(base + 50_000)), NULL, NULL, 'done')")
        rows.append("(402, 'b', \(stamp(base + 60_000)), \(stamp(base + 61_000)), NULL, 'done')")
        let config = FileManager.default.temporaryDirectory.appendingPathComponent("dbops-queue-\(UUID()).toml")
        defer { try? FileManager.default.removeItem(at: config) }
        try """
        [analytics.profiles.jobs]
        detect = ["jobs"]

        [analytics.profiles.jobs.queue]
        table = "jobs"
        created = "created"
        started = "started"
        finished = "finished"
        status = "state"
        waiting = ["queued"]
        running = ["working"]
        failed = ["failed"]
        dimensions = { kind = "kind" }
        default_by = "kind"
        """.write(to: config, atomically: true, encoding: .utf8)
        var reports: [[String: Any]] = []
        for engine in [Engine.postgres, .mysql] {
            try ScratchDatabase.with(engine, prefix: "queue") { scratch in
                let connection = try scratch.connect()
                defer { connection.close() }
                let time = engine == .postgres ? "timestamp(3)" : "DATETIME(3)"
                try connection.executeScript(
                    "CREATE TABLE jobs (id INT PRIMARY KEY, kind VARCHAR(5), created \(time) NOT NULL, started \(time), finished \(time), state VARCHAR(10) NOT NULL)"
                )
                try connection.executeScript("INSERT INTO jobs VALUES " + rows.joined(separator: ", "))
                let result = try DBOpsProcess.run(
                    [
                        "analytics", "queue", "--config", config.path, "--since", "2026-01-01T12:00Z", "--until",
                        "2026-01-03T12:00Z", "--percentiles", "50,90,99", "--format", "json",
                    ], environment: ["DBOPS_URL": try scratch.url])
                #expect(result.exitCode == 0, "\(engine): \(result)")
                reports.append(try Self.json(result))
                // The depth at the range's end, counted from the definition.
                let depth = try connection.query(
                    """
                    SELECT SUM(CASE WHEN created < '2026-01-03 12:00:00' AND (COALESCE(started, finished) >= '2026-01-03 12:00:00'
                                    OR (COALESCE(started, finished) IS NULL AND state = 'queued')) THEN 1 ELSE 0 END) AS waiting,
                           SUM(CASE WHEN started < '2026-01-03 12:00:00' AND (finished >= '2026-01-03 12:00:00'
                                    OR (finished IS NULL AND state = 'working')) THEN 1 ELSE 0 END) AS running
                    FROM jobs
                    """
                ).rows.first
                let last = ((try Self.json(result)["hours"] as? [[String: Any]]) ?? []).last
                #expect(
                    (last?["waiting"] as? Int).map(Int64.init) == depth?.int64("waiting"), "\(engine) \(last ?? [:])")
                #expect(
                    (last?["running"] as? Int).map(Int64.init) == depth?.int64("running"), "\(engine) \(last ?? [:])")
            }
        }
        try #require(reports.count == 2)
        for key in ["hours", "wait", "run", "outcomes", "total"] {
            let a = try JSONSerialization.data(withJSONObject: reports[0][key] ?? [], options: .sortedKeys)
            let b = try JSONSerialization.data(withJSONObject: reports[1][key] ?? [], options: .sortedKeys)
            #expect(a == b, "\(key): \(String(decoding: a, as: UTF8.self)) vs \(String(decoding: b, as: UTF8.self))")
        }
        let nowA = reports[0]["now"] as? [String: Any], nowB = reports[1]["now"] as? [String: Any]
        #expect(
            nowA?["waiting"] as? Int == nowB?["waiting"] as? Int && nowA?["running"] as? Int == nowB?["running"] as? Int
        )
        #expect((reports[0]["hours"] as? [Any])?.count == 48)
        #expect(((reports[0]["wait"] as? [[String: Any]]) ?? []).count == 3)
    }
}
