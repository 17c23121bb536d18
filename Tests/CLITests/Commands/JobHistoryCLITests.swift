import DBCore
import Foundation
import Testing
import TestSupport

/// Jobs record their runs in the history store (`[history] store` set) and the report shows
/// them: a cleanup (its rows checked against the table), one skipped behind a held job lock,
/// a dry run (not recorded), partitions made, a backup with its drill and a later drill of
/// the same folder (recorded under the backup's target), and the partitions a snapshot found
/// — every figure in the report's JSON compared with what the runs printed or the server says.
@Suite("Jobs recorded in the history store and drawn in the report")
struct JobHistoryCLITests {
    static func makeTables(_ connection: DatabaseConnection, year: Int) throws {
        switch connection.engine {
        case .postgres:
            try connection.executeScript(
                """
                CREATE TABLE sessions_x (id int PRIMARY KEY, expires_at timestamptz NOT NULL);
                INSERT INTO sessions_x SELECT g, now() + (CASE WHEN g <= 40 THEN -1 ELSE 1 END) * interval '1 day'
                  FROM generate_series(1, 50) g;
                CREATE TABLE events (id bigint GENERATED ALWAYS AS IDENTITY, at timestamptz NOT NULL, PRIMARY KEY (id, at))
                  PARTITION BY RANGE (at);
                CREATE TABLE events_\(year) PARTITION OF events
                  FOR VALUES FROM ('\(year)-01-01 00:00:00+00') TO ('\(year + 1)-01-01 00:00:00+00');
                """)
        case .mysql:
            try connection.executeScript(
                """
                CREATE TABLE sessions_x (id INT PRIMARY KEY, expires_at DATETIME NOT NULL);
                INSERT INTO sessions_x SELECT seq, NOW() + INTERVAL (CASE WHEN seq <= 40 THEN -1 ELSE 1 END) DAY
                  FROM seq_1_to_50;
                CREATE TABLE events (id BIGINT AUTO_INCREMENT, at DATETIME NOT NULL, PRIMARY KEY (id, at))
                  PARTITION BY RANGE COLUMNS (at) (PARTITION p\(year) VALUES LESS THAN ('\(year + 1)-01-01'),
                                                   PARTITION pmax VALUES LESS THAN (MAXVALUE));
                """)
        }
    }

    /// Partitions of events after the current year's, as the server lists them.
    static func futurePartitions(_ connection: DatabaseConnection, year: Int) throws -> Int {
        switch connection.engine {
        case .postgres:
            return Int(
                try connection.scalar(
                    "SELECT count(*) - 1 FROM pg_inherits WHERE inhparent = 'events'::regclass") ?? "") ?? -1
        case .mysql:
            return Int(
                try connection.scalar(
                    "SELECT count(*) FROM information_schema.PARTITIONS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'events' AND PARTITION_NAME NOT IN ('p\(year)', 'pmax')"
                ) ?? "") ?? -1
        }
    }

    @Test(arguments: Engine.allCases)
    func jobsAreRecordedAndReported(_ engine: Engine) throws {
        try ScratchDatabase.with(engine, prefix: "jobh") { scratch in
            let connection = try scratch.connect()
            defer { connection.close() }
            let year = Calendar(identifier: .gregorian).dateComponents(in: .gmt, from: Date()).year!
            try Self.makeTables(connection, year: year)
            try withTemporaryDirectory { folder in
                let store = folder + "/history.sqlite"
                let config = folder + "/dbops.toml"
                try """
                [targets.app]
                url_env = "JOBH_APP"

                [history]
                store = "\(store)"

                [cleanup.rules.expired]
                table = "sessions_x"
                column = "expires_at"

                [partitions.rules.events]
                table = "events"
                interval = "yearly"
                premake = 2
                time_zone = "UTC"
                """.write(toFile: config, atomically: true, encoding: .utf8)
                let environment = [
                    "JOBH_APP": try scratch.url,
                    "DBOPS_DRILL_URL": try TestServers.url(
                        engine, database: engine == .postgres ? "postgres" : "mysql"),
                ]
                func dbops(_ arguments: [String]) throws -> DBOpsProcess.Result {
                    try DBOpsProcess.run(
                        arguments + ["--config", config, "--target", "app"], environment: environment, timeout: 180)
                }
                func json(_ result: DBOpsProcess.Result) throws -> [String: Any] {
                    try #require(
                        try JSONSerialization.jsonObject(with: result.stdoutData) as? [String: Any], "\(result)")
                }

                let dry = try dbops(["cleanup", "--no-builtin", "--dry-run"])
                #expect(dry.exitCode == 0, "\(dry)")
                let cleanup = try dbops(["cleanup", "--no-builtin", "--format", "json"])
                #expect(cleanup.exitCode == 0, "\(cleanup)")
                let cleaned = try json(cleanup)["tables"] as? [[String: Any]] ?? []
                let deleted = cleaned.reduce(0) { $0 + ($1["rows"] as? Int ?? 0) }
                let left = try connection.scalar("SELECT count(*) FROM sessions_x")
                #expect(deleted == 40 && left == "10")
                let holder = try scratch.connect()
                #expect(try holder.tryNamedLock(jobLockName(job: "cleanup", database: scratch.name)))
                let skipped = try dbops(["cleanup", "--no-builtin"])
                holder.close()
                #expect(skipped.exitCode == 75, "\(skipped)")

                let partitions = try dbops(["partitions", "--no-builtin", "--format", "json"])
                #expect(partitions.exitCode == 0, "\(partitions)")
                let backup = try dbops(["backup", "-o", folder + "/b", "--format", "json"])
                #expect(backup.exitCode == 0, "\(backup)")
                let summary = try json(backup)
                #expect((summary["drill"] as? [String: Any])?["ok"] as? Bool == true, "\(summary)")
                let drill = try DBOpsProcess.run(
                    ["backup", "drill", folder + "/b", "--config", config],
                    environment: ["DBOPS_URL": environment["DBOPS_DRILL_URL"]!], timeout: 180)
                #expect(drill.exitCode == 0, "\(drill)")
                // One of chosen tables, after the whole one: a job of its own, never the
                // target's last backup (no drill: the scratch server is not given).
                let hot = try DBOpsProcess.run(
                    ["backup", "-o", folder + "/hot", "--table", "sessions_x", "--config", config, "--target", "app"],
                    environment: ["JOBH_APP": try scratch.url], timeout: 180)
                #expect(hot.exitCode == 0, "\(hot)")
                let snapshot = try dbops(["snapshot", "--quiet"])
                #expect(snapshot.exitCode == 0, "\(snapshot)")

                let report = try DBOpsProcess.run(
                    ["report", "--config", config, "--since", "1d", "--format", "json", "--html", folder + "/r.html"])
                #expect(report.exitCode == 0, "\(report)")
                let problems = try JSONSchemaCheck.problems(report.stdoutData)
                #expect(problems.isEmpty, "\(problems)")
                let document = try json(report)
                let jobs = document["jobs"] as? [[String: Any]] ?? []
                func runs(_ job: String) -> [[String: Any]] {
                    (jobs.first { $0["job"] as? String == job && $0["target"] as? String == "app" }?["runs"]
                        as? [[String: Any]]) ?? []
                }
                #expect(runs("cleanup").map { $0["outcome"] as? String } == ["complete", "skipped"], "\(jobs)")
                #expect(runs("cleanup").first?["rows"] as? Int == deleted)
                #expect(runs("partitions").count == 1)
                #expect((runs("partitions").first?["detail"] as? String)?.hasPrefix("2 partitions created") == true)
                let backups = runs("backup")
                #expect(backups.count == 1)
                #expect(runs("backup --table sessions_x").count == 1, "\(jobs)")
                #expect(backups.first?["bytes"] as? Int == summary["compressed_bytes"] as? Int)
                #expect(backups.first?["rows"] as? Int == summary["rows"] as? Int)
                #expect(summary["rows"] as? Int == 10, "the backup holds the 10 sessions left")
                let folderPath = URL(fileURLWithPath: folder + "/b").standardizedFileURL.path
                #expect(backups.first?["path"] as? String == folderPath)
                let drills = runs("drill")
                #expect(drills.count == 2, "--drill-on's drill and backup drill's, under the backup's target: \(jobs)")
                #expect(
                    drills.allSatisfy { $0["outcome"] as? String == "complete" && $0["path"] as? String == folderPath })

                let tables = document["partitions"] as? [[String: Any]] ?? []
                let events = try #require(tables.first { ($0["table"] as? String)?.hasSuffix("events") == true })
                let ahead = try Self.futurePartitions(connection, year: year)
                #expect(ahead == 2)
                #expect(events["future"] as? Int == ahead && events["premake"] as? Int == 2)
                #expect(events["current_covered"] as? Bool == true && events["state"] as? String == "ok")

                let page = try String(contentsOfFile: folder + "/r.html", encoding: .utf8)
                for drawn in [
                    "Backup size on disk", "Rows deleted or archived per day", "id=\"partitions\"",
                    "<td>app (--table sessions_x)</td>",
                ] {
                    #expect(page.contains(drawn), "\(drawn)")
                }
            }
        }
    }

    @Test("No store kept: jobs write none; a store that cannot be opened warns and the job still succeeds")
    func storeOnlyWhereKept() throws {
        try ScratchDatabase.with(.postgres, prefix: "jobn") { scratch in
            let connection = try scratch.connect()
            try connection.executeScript("CREATE TABLE sessions_x (id int PRIMARY KEY, expires_at timestamptz)")
            connection.close()
            try withTemporaryDirectory { folder in
                let arguments = [
                    "cleanup", "--no-builtin", "--config", folder + "/dbops.toml", "--target", "app",
                ]
                let rule = "[cleanup.rules.expired]\ntable = \"sessions_x\"\ncolumn = \"expires_at\"\n"
                let target = "[targets.app]\nurl_env = \"JOBN_APP\"\n"
                try (target + rule).write(toFile: folder + "/dbops.toml", atomically: true, encoding: .utf8)
                let environment = ["JOBN_APP": try scratch.url, "HOME": folder, "XDG_DATA_HOME": ""]
                let quiet = try DBOpsProcess.run(arguments, environment: environment)
                #expect(quiet.exitCode == 0 && quiet.stderr.isEmpty, "\(quiet)")
                #expect(!FileManager.default.fileExists(atPath: folder + "/.local/share/dbops"), "no store made")

                try Data().write(to: URL(fileURLWithPath: folder + "/file"))
                try (target + "[history]\nstore = \"\(folder)/file/h.sqlite\"\n" + rule).write(
                    toFile: folder + "/dbops.toml", atomically: true, encoding: .utf8)
                let warned = try DBOpsProcess.run(arguments, environment: environment)
                #expect(warned.exitCode == 0, "\(warned)")
                #expect(
                    warned.stderr.hasPrefix("dbops: warning: the run was not recorded in the history store")
                        && warned.stderr.split(separator: "\n").count == 1, "\(warned.stderr)")
            }
        }
    }
}
