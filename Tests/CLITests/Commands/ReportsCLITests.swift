import DBCore
import Foundation
import Testing
import TestSupport

@Suite("dbops slow-queries and index-usage commands")
struct ReportsCLITests {
    @Test("index-usage: JSON schema, Prometheus, exit code from findings", arguments: Engine.allCases)
    func indexUsage(_ engine: Engine) throws {
        try ScratchDatabase.with(engine, prefix: "cliidx") { scratch in
            let connection = try scratch.connect()
            try connection.executeScript(
                "CREATE TABLE t (id INT PRIMARY KEY, a INT, b INT); CREATE INDEX t_a ON t (a); CREATE INDEX t_a_b ON t (a, b)"
            )
            connection.close()
            let json = try DBOpsProcess.run(
                ["index-usage", "--format", "json"], environment: ["DBOPS_URL": try scratch.url])
            #expect(json.exitCode == 0, "\(json)")
            let report = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
            #expect(report["schema"] as? String == "dbops.index-usage/v2")
            let findings = try #require(report["findings"] as? [[String: Any]])
            let prefix = try #require(findings.first { $0["kind"] as? String == "redundant_prefix" })
            #expect(prefix["index"] as? String == "t_a")
            #expect(prefix["covered_by"] as? String == "t_a_b")
            #expect((prefix["statement"] as? String)?.contains("t_a") == true)
            for finding in findings { #expect(finding["statement"] is String && finding["detail"] is String) }
            // A limit on the number of redundant indexes makes it page.
            let limited = try DBOpsProcess.run(
                ["index-usage", "--crit", "redundant_prefix=1"], environment: ["DBOPS_URL": try scratch.url])
            #expect(limited.exitCode == 2, "\(limited)")
            #expect(limited.stdout.contains("redundant_prefix (1)"))
            let prometheus = try DBOpsProcess.run(
                ["index-usage", "--format", "prometheus"], environment: ["DBOPS_URL": try scratch.url])
            #expect(
                prometheus.stdout.contains("dbops_index_findings{target=")
                    && prometheus.stdout.contains("kind=\"redundant_prefix\"} 1"))
            let bad = try DBOpsProcess.run(
                ["index-usage", "--warn", "nonsense=1"], environment: ["DBOPS_URL": try scratch.url])
            #expect(bad.exitCode == 64)
        }
    }

    @Test("slow-queries: a missing extension is UNKNOWN with what to do; the slow log needs no server")
    func slowQueries() throws {
        try ScratchDatabase.with(.postgres, prefix: "clislow") { scratch in
            let missing = try DBOpsProcess.run(["slow-queries"], environment: ["DBOPS_URL": try scratch.url])
            #expect(missing.exitCode == 3, "\(missing)")
            #expect(missing.stderr.contains("CREATE EXTENSION pg_stat_statements"))
            #expect(missing.stderr.split(separator: "\n").count == 1)
        }
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("slow-cli-\(UUID().uuidString).log")
            .path
        try """
        # Time: 241121 10:00:00
        # User@Host: app[app] @ localhost []
        # Query_time: 0.500000  Lock_time: 0.000000  Rows_sent: 1  Rows_examined: 10
        SELECT * FROM t WHERE id = 1;
        """.write(toFile: log, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: log) }
        let fromLog = try DBOpsProcess.run([
            "slow-queries", "--slow-log", log, "--format", "json", "--warn", "mean_ms=100",
        ])
        #expect(fromLog.exitCode == 1, "\(fromLog)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(fromLog.stdout.utf8)) as? [String: Any])
        #expect(report["schema"] as? String == "dbops.slow-queries/v2")
        #expect(report["source"] as? String == "slow_log")
        let statement = try #require((report["statements"] as? [[String: Any]])?.first)
        #expect(statement["mean_ms"] as? Double == 500)
        #expect(statement["status"] as? String == "warning")
        let missingLog = try DBOpsProcess.run(["slow-queries", "--slow-log", "/nonexistent/slow.log"])
        #expect(missingLog.exitCode == 3)
        #expect(missingLog.stderr.contains("does not exist"))
        let badOrder = try DBOpsProcess.run(["slow-queries", "--slow-log", log, "--order-by", "vibes"])
        #expect(badOrder.exitCode == 64)
    }

    @Test("slow-queries --snapshot for cron: text report, then only the new calls", arguments: Engine.allCases)
    func snapshotCron(_ engine: Engine) throws {
        let database = engine == .postgres ? "storyboardai" : "scriptpal"
        let url = try TestServers.url(engine, database: database)
        let snapshot = FileManager.default.temporaryDirectory.appendingPathComponent(
            "cli-snap-\(UUID().uuidString).json"
        ).path
        defer { try? FileManager.default.removeItem(atPath: snapshot) }
        let first = try DBOpsProcess.run(
            ["slow-queries", "--snapshot", snapshot, "--limit", "3"], environment: ["DBOPS_URL": url])
        #expect(first.exitCode == 0, "\(first)")
        #expect(FileManager.default.fileExists(atPath: snapshot))
        let second = try DBOpsProcess.run(
            ["slow-queries", "--snapshot", snapshot, "--format", "json"], environment: ["DBOPS_URL": url])
        let report = try #require(try JSONSerialization.jsonObject(with: Data(second.stdout.utf8)) as? [String: Any])
        #expect((report["window"] as? [String: Any])?["mode"] as? String == "delta")
    }

    /// A fleet run with one --snapshot file: each target replaced the other's, and no run
    /// ever showed a difference. Refused without {target}; with it, a file a target.
    @Test("slow-queries --snapshot across targets: one file a target, {target} required")
    func snapshotFleet() throws {
        try withTemporaryDirectory { folder in
            let config = folder + "/dbops.toml"
            try "[targets.stories]\nurl_env = \"STORIES_URL\"\n[targets.pal]\nurl_env = \"PAL_URL\"\n".write(
                toFile: config, atomically: true, encoding: .utf8)
            let environment = [
                "STORIES_URL": try TestServers.url(.postgres, database: "storyboardai"),
                "PAL_URL": try TestServers.url(.mysql, database: "scriptpal"),
            ]
            let shared = try DBOpsProcess.run(
                ["slow-queries", "--config", config, "--all-targets", "--snapshot", folder + "/one.json"],
                environment: environment)
            #expect(shared.exitCode == 64 && shared.stderr.contains("put {target} in the name"), "\(shared)")
            #expect(!FileManager.default.fileExists(atPath: folder + "/one.json"))
            let arguments = [
                "slow-queries", "--config", config, "--all-targets", "--snapshot", folder + "/{target}-{database}.json",
                "--format", "json",
            ]
            let first = try DBOpsProcess.run(arguments, environment: environment)
            #expect(first.exitCode == 0, "\(first)")
            #expect(
                Set(try FileManager.default.contentsOfDirectory(atPath: folder))
                    == ["dbops.toml", "stories-storyboardai.json", "pal-scriptpal.json"])
            let second = try DBOpsProcess.run(arguments, environment: environment)
            let fleet = try #require(try JSONSerialization.jsonObject(with: second.stdoutData) as? [String: Any])
            let modes = (fleet["targets"] as? [[String: Any]] ?? []).map {
                (($0["result"] as? [String: Any])?["window"] as? [String: Any])?["mode"] as? String
            }
            #expect(modes == ["delta", "delta"], "each target against its own snapshot: \(second.stdout)")
        }
    }

    /// A wrong path that never ends (/dev/zero: no line ends, no entries) is read in constant
    /// memory and stops on SIGTERM at once: it took 20 s to stop (the reader never looked).
    @Test("slow-queries on endless input stops at once on SIGTERM")
    func endlessSlowLogStops() throws {
        let process = try DBOpsProcess.start(["slow-queries", "--slow-log", "/dev/zero"], stderr: .pipe)
        Thread.sleep(forTimeInterval: 1)
        #expect(process.isRunning, "still reading")
        let sent = Date()
        process.terminate()
        let ended = try eventually(timeout: 10, interval: 0.05) { !process.isRunning }
        let stderr = String(decoding: process.collect(input: nil).1, as: UTF8.self)
        #expect(ended && Date().timeIntervalSince(sent) < 5, "\(stderr)")
        #expect(process.terminationStatus == 143, "\(stderr)")
    }
}
