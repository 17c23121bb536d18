import Backup
import DBCore
import Foundation
import Testing
import TestSupport

/// Restore drills: a good backup is proven (every table's rows and content checksum read
/// back from a restore agree with the manifest) and leaves no scratch database behind; a
/// backup whose data file was replaced by another valid-looking one (it passes verify)
/// fails, naming the table; the Prometheus file keeps the last success across a failure;
/// --drill-on proves an encrypted backup right after it is taken, without the private key.
@Suite("Restore drills")
struct DrillTests {
    /// Whether the drill's temporary database is still on the server.
    static func leftOver(_ engine: Engine, _ report: [String: Any]) throws -> Bool {
        let name = try #require(report["scratch_database"] as? String, "\(report)")
        #expect(name.hasPrefix(RestoreDrill.databasePrefix))
        let connection = try TestServers.connect(engine)
        defer { connection.close() }
        let sql =
            engine == .postgres
            ? "SELECT datname FROM pg_database WHERE datname = $1"
            : "SELECT SCHEMA_NAME FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = ?"
        return try connection.query(sql, [.text(name)]).rows.count > 0
    }

    static func json(_ result: DBOpsProcess.Result) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: result.stdoutData) as? [String: Any], "\(result)")
    }

    @Test(
        "a good backup is proven; a replaced data file fails naming its table; metrics keep the last success",
        arguments: Engine.allCases)
    func drill(_ engine: Engine) throws {
        try ScratchDatabase.with(engine, prefix: "drl") { source in
            let connection = try source.connect()
            defer { connection.close() }
            let series = engine == .postgres ? "generate_series(1, 2000) g" : "seq_1_to_2000"
            let n = engine == .postgres ? "g" : "seq"
            try connection.executeScript(
                """
                CREATE TABLE big (id INT PRIMARY KEY, v TEXT, at TIMESTAMP NULL);
                INSERT INTO big SELECT \(n), CONCAT('row ', \(n)), TIMESTAMP '2024-01-01 00:00:00' FROM \(series);
                CREATE TABLE tags (id INT PRIMARY KEY, label VARCHAR(20));
                INSERT INTO tags VALUES (1, 'alpha'), (2, 'beta'), (3, NULL)
                """)
            let scratch = try TestServers.url(engine, database: engine == .postgres ? "postgres" : "mysql")
            try withTemporaryDirectory { folder in
                let environment = ["DBOPS_URL": try source.url]
                // Files of their own (no bundles), so one table's file can be replaced below.
                let good = try DBOpsProcess.run(
                    ["backup", "-o", folder + "/good", "--bundle-limit", "0"], environment: environment)
                #expect(good.exitCode == 0, "\(good)")
                let manifest = try String(contentsOfFile: folder + "/good/manifest.json", encoding: .utf8)
                #expect(manifest.contains("\"content_checksum\""))

                let proven = try DBOpsProcess.run(
                    ["backup", "drill", folder + "/good", "--format", "json"], environment: ["DBOPS_URL": scratch])
                #expect(proven.exitCode == 0, "\(proven)")
                let report = try Self.json(proven)
                #expect(report["schema"] as? String == "dbops.drill/v1" && report["ok"] as? Bool == true)
                let tables = report["tables"] as? [[String: Any]] ?? []
                #expect(tables.count == 2 && tables.allSatisfy { $0["ok"] as? Bool == true }, "\(tables)")
                let big = try #require(tables.first { ($0["name"] as? String)?.hasSuffix("big") == true })
                #expect(
                    big["rows_found"] as? Int == 2000
                        && big["checksum_found"] as? String == big["checksum_expected"] as? String)
                #expect(try JSONSchemaCheck.problems(proven.stdoutData).isEmpty)
                #expect(try !Self.leftOver(engine, report), "the scratch database is dropped")

                // The same table, one value changed to another of the same length: a
                // second backup whose tags file replaces the first's, the manifest
                // re-hashed. Every outer check passes; the restored rows do not.
                try connection.executeScript(
                    "UPDATE tags SET label = 'gamma' WHERE id = 2 ; UPDATE tags SET label = 'beta' WHERE id = 1")
                let other = try DBOpsProcess.run(
                    ["backup", "-o", folder + "/other", "--bundle-limit", "0"], environment: environment)
                #expect(other.exitCode == 0, "\(other)")
                try FileManager.default.copyItem(atPath: folder + "/good", toPath: folder + "/replaced")
                let file = try #require(try BackupForgery.dataFiles(folder + "/good").first { $0.contains("tags") })
                try FileManager.default.removeItem(atPath: folder + "/replaced/" + file)
                try FileManager.default.copyItem(
                    atPath: folder + "/other/" + file, toPath: folder + "/replaced/" + file)
                try BackupForgery.rehash(folder + "/replaced")
                let verified = try DBOpsProcess.run(["verify", folder + "/replaced"])
                #expect(verified.exitCode == 0, "valid-looking: \(verified)")

                let metrics = folder + "/drill.prom"
                #expect(
                    try DBOpsProcess.run(
                        ["backup", "drill", folder + "/good", "--format", "prometheus", "-o", metrics],
                        environment: ["DBOPS_URL": scratch]
                    ).exitCode == 0)
                let before = try String(contentsOfFile: metrics, encoding: .utf8)
                let caught = try DBOpsProcess.run(
                    ["backup", "drill", folder + "/replaced"], environment: ["DBOPS_URL": scratch])
                #expect(caught.exitCode == 1, "\(caught)")
                let tagsName = engine == .postgres ? "public.tags" : "tags"
                #expect(caught.stdout.contains("table \(tagsName): content checksum"), "\(caught.stdout)")
                #expect(!caught.stdout.contains("table \(engine == .postgres ? "public.big" : "big"):"))
                let failedJSON = try DBOpsProcess.run(
                    ["backup", "drill", folder + "/replaced", "--format", "json"], environment: ["DBOPS_URL": scratch])
                let failedReport = try Self.json(failedJSON)
                #expect(failedReport["failed_tables"] as? [String] == [tagsName])
                #expect(try !Self.leftOver(engine, failedReport))

                let failedMetrics = try DBOpsProcess.run(
                    ["backup", "drill", folder + "/replaced", "--format", "prometheus", "-o", metrics],
                    environment: ["DBOPS_URL": scratch])
                #expect(failedMetrics.exitCode == 1)
                let after = try String(contentsOfFile: metrics, encoding: .utf8)
                func sample(_ text: String, _ name: String) -> String? {
                    text.split(separator: "\n").first { $0.hasPrefix(name + "{") }.map {
                        String($0.split(separator: " ").last ?? "")
                    }
                }
                #expect(sample(before, "dbops_backup_drill_success") == "1")
                #expect(sample(after, "dbops_backup_drill_success") == "0")
                let last = sample(before, "dbops_backup_drill_last_success_timestamp_seconds")
                #expect(last != nil && last != "0")
                #expect(
                    sample(after, "dbops_backup_drill_last_success_timestamp_seconds") == last,
                    "a failed drill keeps the last success")

                // A folder of backups: each database's newest (here: other) is drilled.
                try FileManager.default.removeItem(atPath: folder + "/replaced")
                let tree = try DBOpsProcess.run(
                    ["backup", "drill", folder, "--format", "json"], environment: ["DBOPS_URL": scratch])
                #expect(tree.exitCode == 0, "\(tree)")
                #expect(try JSONSchemaCheck.problems(tree.stdoutData).isEmpty)
                let entries = try Self.json(tree)["backups"] as? [[String: Any]] ?? []
                #expect(entries.map { $0["backup"] as? String } == [folder + "/other"], "\(entries)")

                // The newest's manifest cut short (a partial copy, a bad sector): drilled, and
                // failing on it, not passed over for the older backup, proven and exit 0.
                let cut = folder + "/other/manifest.json"
                let whole = try Data(contentsOf: URL(fileURLWithPath: cut))
                try whole.prefix(whole.count / 2).write(to: URL(fileURLWithPath: cut))
                let damaged = try DBOpsProcess.run(
                    ["backup", "drill", folder, "--format", "json"], environment: ["DBOPS_URL": scratch])
                #expect(damaged.exitCode == 1, "\(damaged)")
                #expect(try JSONSchemaCheck.problems(damaged.stdoutData).isEmpty)
                let found = try Self.json(damaged)["backups"] as? [[String: Any]] ?? []
                #expect(
                    Set(found.map { $0["backup"] as? String }) == [folder + "/good", folder + "/other"], "\(found)")
                let failure = found.first { $0["backup"] as? String == folder + "/other" }
                #expect(
                    (failure?["error"] as? String)?.contains("manifest.sha256") == true
                        && failure?["ok"] as? Bool == false,
                    "\(found)")
            }
        }
    }

    @Test(
        "--drill-on proves an encrypted backup right after it is taken, without the private key",
        arguments: Engine.allCases)
    func drillOn(_ engine: Engine) throws {
        try ScratchDatabase.with(engine, prefix: "drlo") { source in
            let connection = try source.connect()
            try connection.executeScript(
                "CREATE TABLE t (id INT PRIMARY KEY, v TEXT); INSERT INTO t VALUES (1, 'a'), (2, 'b')")
            connection.close()
            let scratch = try TestServers.url(engine, database: engine == .postgres ? "postgres" : "mysql")
            try withTemporaryDirectory { folder in
                let pair = try SignatureTests.keygen(folder, name: "offsite")
                try FileManager.default.removeItem(atPath: pair.key)  // the backup host has the public key only
                let result = try DBOpsProcess.run(
                    ["backup", "-o", folder + "/b", "--encrypt-to", pair.pub, "--format", "json"],
                    environment: ["DBOPS_URL": try source.url, "DBOPS_DRILL_URL": scratch])
                #expect(result.exitCode == 0, "\(result)")
                let summary = try Self.json(result)
                let drill = try #require(summary["drill"] as? [String: Any], "\(summary)")
                #expect(drill["ok"] as? Bool == true, "\(drill)")
                #expect((summary["encrypted_to"] as? [String])?.count == 1)
                #expect(try JSONSchemaCheck.problems(result.stdoutData).isEmpty)
                #expect(try JSONSchemaCheck.problems(try JSONSerialization.data(withJSONObject: drill)).isEmpty)
                #expect(try !Self.leftOver(engine, drill))
                let stream = try DBOpsProcess.run(
                    [
                        "backup", "-o", "-", "--drill-on",
                        "\(engine == .postgres ? "postgres" : "mysql")://x@127.0.0.1:1/x",
                    ],
                    environment: ["DBOPS_URL": try source.url])
                #expect(stream.exitCode == 64 && stream.stderr.contains("not the stream form"), "\(stream.stderr)")
            }
        }
    }
}
