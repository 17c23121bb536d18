import DBCore
import Foundation
import Testing
import TestSupport

/// `health` as a Nagios/Icinga plugin (one status line with performance data, the plugin
/// exit codes) and the operator's own checks from `[checks.NAME]`.
@Suite("health: Nagios output and custom checks")
struct HealthPluginTests {
    /// `'label'=value[UOM];warn;crit;min;max`, Nagios' performance data.
    static let perfdata = #/^'[^']+'=-?[0-9.]+(%|s|ms|B)?;[0-9.:]*;[0-9.:]*;[0-9.]*;[0-9.]*$/#

    @Test("--format nagios: one status line, valid performance data, the plugin exit codes", arguments: Engine.allCases)
    func nagios(_ engine: Engine) throws {
        let environment = ["DBOPS_URL": try TestServers.url(engine)]
        let ok = try DBOpsProcess.run(
            ["health", "--check", "connection,connections,cache_hit_ratio", "--format", "nagios"],
            environment: environment)
        #expect(ok.exitCode == 0, "\(ok)")
        let lines = ok.stdout.split(separator: "\n")
        #expect(lines.count == 1 && ok.stdout.hasPrefix("DBOPS HEALTH OK - "), "\(ok.stdout)")
        let parts = ok.stdout.trimmingCharacters(in: .newlines).components(separatedBy: " | ")
        #expect(parts.count == 2)
        let data = parts.last?.split(separator: " ") ?? []
        #expect(data.contains { $0.hasPrefix("'connection'=") && $0.contains("ms;100;1000") }, "\(data)")
        #expect(data.contains { $0.hasPrefix("'cache_hit_ratio'=") && $0.contains("%;90:;80:;0;100") }, "\(data)")
        for item in data { #expect(item.wholeMatch(of: Self.perfdata) != nil, "\(item)") }

        let warning = try DBOpsProcess.run(
            ["health", "--check", "connection", "--warn", "connection=0", "--format", "nagios"],
            environment: environment)
        #expect(warning.exitCode == 1 && warning.stdout.hasPrefix("DBOPS HEALTH WARNING - "), "\(warning)")
        #expect(warning.stdout.contains("connection WARNING"))
        let dead = try DBOpsProcess.run(
            ["health", "--format", "nagios"],
            environment: ["DBOPS_URL": engine == .postgres ? "postgres://x@127.0.0.1:1/x" : "mysql://x@127.0.0.1:1/x"])
        #expect(dead.exitCode == 2 && dead.stdout.hasPrefix("DBOPS HEALTH CRITICAL - "), "\(dead)")
        #expect(dead.stdout.split(separator: "\n").count == 1)
        let refused = try DBOpsProcess.run(["cleanup", "--format", "nagios"], environment: environment)
        #expect(refused.exitCode == 64 && refused.stderr.contains("--format nagios"), "\(refused)")
    }

    @Test(
        "[checks.NAME]: one number or rows with a value column, judged like built-ins; bad definitions are 64",
        arguments: Engine.allCases)
    func customChecks(_ engine: Engine) throws {
        try ScratchDatabase.with(engine, prefix: "cust") { scratch in
            let connection = try scratch.connect()
            try connection.executeScript(
                "CREATE TABLE queue (id INT PRIMARY KEY, state VARCHAR(10)); INSERT INTO queue VALUES (1, 'stuck'), (2, 'stuck'), (3, 'done')"
            )
            connection.close()
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("dbops-cc-\(UUID().uuidString)")
                .path
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(atPath: folder) }
            let config = folder + "/dbops.toml"
            try """
            [checks.stuck_jobs]
            postgres = "SELECT count(*) FROM queue WHERE state = 'stuck'"
            mysql = "SELECT COUNT(*) FROM queue WHERE state = 'stuck'"
            warning = 1
            critical = 5
            help = "jobs stuck in the queue"

            [checks.queue_states]
            postgres = "SELECT state, count(*) AS value FROM queue GROUP BY state"
            mysql = "SELECT state, COUNT(*) AS value FROM queue GROUP BY state"
            critical = 2

            [checks.writes]
            postgres = "CREATE TABLE never_made (id INT)"
            """.write(toFile: config, atomically: true, encoding: .utf8)
            let environment = ["DBOPS_URL": try scratch.url]
            let json = try DBOpsProcess.run(
                ["health", "--config", config, "--check", "stuck_jobs,queue_states", "--format", "json"],
                environment: environment)
            #expect(json.exitCode == 2, "queue_states is CRITICAL (2 stuck rows): \(json)")
            let object = try #require(try JSONSerialization.jsonObject(with: json.stdoutData) as? [String: Any])
            let checks = object["checks"] as? [[String: Any]] ?? []
            let stuck = try #require(checks.first { $0["name"] as? String == "stuck_jobs" })
            #expect(stuck["value"] as? Double == 2 && stuck["status"] as? String == "warning", "\(stuck)")
            let states = try #require(checks.first { $0["name"] as? String == "queue_states" })
            #expect(states["value"] as? Double == 2 && states["status"] as? String == "critical", "\(states)")
            #expect((states["details"] as? [[String: Any]])?.count == 2, "each row listed")
            #expect(try JSONSchemaCheck.problems(json.stdoutData).isEmpty)

            // The command line's limits win over the config's.
            let relaxed = try DBOpsProcess.run(
                ["health", "--config", config, "--check", "stuck_jobs", "--warn", "stuck_jobs=3"],
                environment: environment)
            #expect(relaxed.exitCode == 0, "\(relaxed)")

            if engine == .postgres {
                // Health's session is read-only: a statement that writes cannot run.
                let writes = try DBOpsProcess.run(
                    ["health", "--config", config, "--check", "writes"], environment: environment)
                #expect(writes.exitCode == 3 && writes.stdout.contains("read-only"), "\(writes)")
                let probe = try scratch.connect()
                defer { probe.close() }
                #expect(try probe.scalar("SELECT to_regclass('never_made') IS NULL") == "t")
            }

            for (text, message) in [
                ("[checks.x]\nwarning = 1\n", "needs a postgres or mysql statement"),
                ("[checks.connections]\npostgres = \"SELECT 1\"\n", "a built-in check has that name"),
                ("[checks.x]\npostgres = \"SELECT 1\"\nunit = \"parsecs\"\n", "unit parsecs"),
                ("[checks.x]\npostgres = \"SELECT 1\"\nwarnin = 1\n", "did you mean warning"),
                // The value as typed, not three hundred digits of it.
                ("[checks.x]\npostgres = \"SELECT 1\"\nwarning = 1e300\n", "warning 1e+300: out of range"),
            ] {
                try text.write(toFile: config, atomically: true, encoding: .utf8)
                let bad = try DBOpsProcess.run(["health", "--config", config], environment: environment)
                #expect(bad.exitCode == 64 && bad.stderr.contains(message), "\(text): \(bad)")
            }
        }
    }
}
