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
}
