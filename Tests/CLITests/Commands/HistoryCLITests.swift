import DBCore
import Foundation
import Testing
import TestSupport

/// `dbops snapshot` on a fleet of three databases (both engines) and a dead port, all
/// writing one store at once, then `dbops history` reading it back: every output in its
/// schema, the dead target failing alone, series picked by target name, bad input exit 64.
@Suite("snapshot and history from the command line")
struct HistoryCLITests {
    @Test func fleetSnapshotsIntoOneStoreAndHistoryReadsThemBack() throws {
        let scratches = try [Engine.postgres, .postgres, .mysql].map { try ScratchDatabase($0, prefix: "hcli") }
        defer { scratches.forEach { $0.drop() } }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("dbops-hcli-\(UUID().uuidString)")
            .path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        var toml = ""
        var environment: [String: String] = [:]
        for (index, scratch) in scratches.enumerated() {
            let connection = try scratch.connect()
            try connection.executeScript("CREATE TABLE items (id INT PRIMARY KEY, name VARCHAR(40))")
            try connection.executeScript("INSERT INTO items VALUES (1, 'one'), (2, 'two')")
            connection.close()
            // Passwords stay out of the file: each URL comes from the environment.
            toml += "[targets.db\(index)]\nurl_env = \"HCLI_URL_\(index)\"\n\n"
            environment["HCLI_URL_\(index)"] = try scratch.url
        }
        toml += "[targets.zz-dead]\nurl = \"postgres://nobody@127.0.0.1:1/none\"\n"
        let config = folder + "/dbops.toml"
        try toml.write(toFile: config, atomically: true, encoding: .utf8)
        let store = folder + "/history.sqlite"

        let run = try DBOpsProcess.run(
            ["snapshot", "--config", config, "--history", store, "--all", "--parallel", "4", "--format", "json"],
            environment: environment, timeout: 120)
        #expect(run.exitCode == 1, "the dead target fails, alone: \(run)")
        let problems = try JSONSchemaCheck.problems(run.stdoutData)
        #expect(problems.isEmpty, "\(problems)")
        let fleet = try #require(try JSONSerialization.jsonObject(with: run.stdoutData) as? [String: Any])
        let members = try #require(fleet["targets"] as? [[String: Any]])
        for member in members {
            let name = member["name"] as? String ?? ""
            #expect((member["exit_code"] as? Int) == (name == "zz-dead" ? 1 : 0), "\(member)")
            if let result = member["result"] as? [String: Any] {
                let data = try JSONSerialization.data(withJSONObject: result)
                #expect(try JSONSchemaCheck.problems(data).isEmpty)
            }
        }

        let listing = try DBOpsProcess.run(["history", "--history", store, "--format", "json"])
        #expect(listing.exitCode == 0, "\(listing)")
        #expect(try JSONSchemaCheck.problems(listing.stdoutData).isEmpty)
        let metrics = try #require(
            (try JSONSerialization.jsonObject(with: listing.stdoutData) as? [String: Any])?["metrics"]
                as? [[String: Any]])
        let sizes = try #require(metrics.first { $0["metric"] as? String == "table.total_bytes" })
        #expect(sizes["targets"] as? Int == 3, "each live target stored its sizes: \(sizes)")

        let series = try DBOpsProcess.run([
            "history", "--history", store, "--metric", "table.estimated_rows", "--target", "db2", "--format", "json",
        ])
        #expect(series.exitCode == 0, "\(series)")
        #expect(try JSONSchemaCheck.problems(series.stdoutData).isEmpty)
        let points = try #require(
            (try JSONSerialization.jsonObject(with: series.stdoutData) as? [String: Any])?["points"] as? [[String: Any]]
        )
        #expect(!points.isEmpty && points.allSatisfy { $0["target"] as? String == "db2" }, "\(points)")
        #expect(points.contains { ($0["subject"] as? String)?.hasSuffix(".items") == true })

        let csv = try DBOpsProcess.run([
            "history", "--history", store, "--metric", "health_status.connection", "--format", "csv",
        ])
        #expect(csv.stdout.hasPrefix("target,subject,taken_at,value\r\n"), "\(csv)")
        #expect(csv.stdout.components(separatedBy: "\r\n").filter { $0.hasSuffix(",0") }.count == 3)

        for (arguments, message) in [
            (["history", "--history", store, "--since", "soon"], "--since soon"),
            (["history", "--history", folder + "/none.sqlite"], "no history store there"),
            (["snapshot", "--history", "/nonexistent/h.sqlite", "--url", "postgres://u@h/x"], "does not exist"),
            (["snapshot", "--history", store, "--keep", "0s", "--url", "postgres://u@h/x"], "--keep"),
            (
                ["snapshot", "--history", store, "--analytics-days", "0", "--url", "postgres://u@h/x"],
                "--analytics-days"
            ),
        ] {
            let bad = try DBOpsProcess.run(arguments)
            #expect(bad.exitCode == 64, "\(arguments): \(bad)")
            #expect(bad.stderr.contains(message), "\(arguments): \(bad)")
        }
    }

    @Test("A shared store in PostgreSQL: DBOPS_HISTORY_URL, never a password on the command line")
    func postgresStore() throws {
        try ScratchDatabase.with(.postgres, prefix: "hpg") { storeDatabase in
            try ScratchDatabase.with(.mysql, prefix: "hpgt") { target in
                let connection = try target.connect()
                try connection.executeScript(
                    "CREATE TABLE sessions_x (id INT PRIMARY KEY, expires_at DATETIME NOT NULL); INSERT INTO sessions_x VALUES (1, NOW() - INTERVAL 1 DAY), (2, NOW() + INTERVAL 1 DAY)"
                )
                connection.close()
                let storeURL = try storeDatabase.url
                #expect(storeURL.contains("@"), "the test URL holds the password: \(storeURL)")
                let refused = try DBOpsProcess.run(
                    ["snapshot", "--history", storeURL, "--format", "json"], environment: ["DBOPS_URL": try target.url])
                #expect(refused.exitCode == 64, "\(refused)")
                #expect(refused.stderr.contains("--history must not hold a password"), "\(refused.stderr)")

                let environment = ["DBOPS_URL": try target.url, "DBOPS_HISTORY_URL": storeURL]
                let empty = try DBOpsProcess.run(["history"], environment: environment)
                #expect(empty.exitCode == 64 && empty.stderr.contains("no history store in"), "\(empty)")
                for _ in 0..<2 {
                    let snapshot = try DBOpsProcess.run(
                        ["snapshot", "--format", "json", "--quiet"], environment: environment, timeout: 120)
                    #expect(snapshot.exitCode == 0, "\(snapshot)")
                }
                let last = try DBOpsProcess.run(["snapshot", "--format", "json"], environment: environment)
                let summary = try #require(try JSONSerialization.jsonObject(with: last.stdoutData) as? [String: Any])
                let shown = summary["store"] as? String ?? ""
                #expect(
                    shown.hasPrefix("postgres://") && !shown.contains("@"), "named without user or password: \(shown)")
                // A job records its run in the same store.
                let cleanup = try withTemporaryDirectory { folder in
                    try "[cleanup.rules.expired]\ntable = \"sessions_x\"\ncolumn = \"expires_at\"\n".write(
                        toFile: folder + "/dbops.toml", atomically: true, encoding: .utf8)
                    return try DBOpsProcess.run(
                        ["cleanup", "--no-builtin", "--config", folder + "/dbops.toml"], environment: environment)
                }
                #expect(cleanup.exitCode == 0 && cleanup.stderr.isEmpty, "\(cleanup)")
                let metrics = try DBOpsProcess.run(["history", "--format", "json"], environment: environment)
                #expect(metrics.exitCode == 0, "\(metrics)")
                #expect(metrics.stdout.contains("table.total_bytes"))
                let series = try DBOpsProcess.run(
                    ["history", "--metric", "table.estimated_rows", "--format", "csv"], environment: environment)
                #expect(series.exitCode == 0 && series.stdout.contains("sessions_x"), "\(series)")
                let report = try DBOpsProcess.run(["report", "--format", "json"], environment: environment)
                #expect(report.exitCode == 0, "\(report)")
                let problems = try JSONSchemaCheck.problems(report.stdoutData)
                #expect(problems.isEmpty, "\(problems)")
                let document = try #require(try JSONSerialization.jsonObject(with: report.stdoutData) as? [String: Any])
                let targets = (document["targets"] as? [[String: Any]] ?? []).compactMap { $0["target"] as? String }
                #expect(targets.count == 1, "\(targets)")
                let jobs = document["jobs"] as? [[String: Any]] ?? []
                let runs = jobs.first { $0["job"] as? String == "cleanup" }?["runs"] as? [[String: Any]] ?? []
                #expect(runs.count == 1 && runs.first?["rows"] as? Int == 1, "\(jobs)")
                // The tables of the store are in a schema of their own, out of the way.
                let store = try storeDatabase.connect()
                defer { store.close() }
                let snapshots = try store.scalar("SELECT count(*) FROM dbops_history.snapshot")
                #expect(snapshots == "3")
                let publicTables = try store.scalar(
                    "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")
                #expect(publicTables == "0")
            }
        }
    }
}
