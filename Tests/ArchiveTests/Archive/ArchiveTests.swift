@testable import Archive
import DBCore
import Foundation
import Testing
import TestSupport

/// Archive on both engines, on StoryboardAI's four related tables (projects -> storyboards
/// -> scenes -> scene_tasks, ON DELETE CASCADE as in its document), filled by the tests.
@Suite("Archive on real servers", .serialized)
struct ArchiveTests {
    static let tables = ["projects", "storyboards", "scenes", "scene_tasks"]

    /// 400 projects (every third completed; half of those not updated for 3 years), two
    /// storyboards each, three scenes per storyboard, two tasks per scene.
    static func fill(_ connection: DatabaseConnection) throws {
        switch connection.engine {
        case .postgres:
            try connection.executeScript(
                """
                CREATE TABLE projects (id serial PRIMARY KEY, user_id varchar(255) NOT NULL, title varchar(255) NOT NULL,
                    status varchar(20) DEFAULT 'active', created_at timestamp DEFAULT now(), updated_at timestamp DEFAULT now());
                CREATE TABLE storyboards (id serial PRIMARY KEY, project_id integer NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
                    title varchar(255), brief jsonb);
                CREATE INDEX ON storyboards (project_id);
                CREATE TABLE scenes (id serial PRIMARY KEY, storyboard_id integer NOT NULL REFERENCES storyboards(id) ON DELETE CASCADE,
                    scene_number integer NOT NULL, script text, UNIQUE (storyboard_id, scene_number));
                CREATE TABLE scene_tasks (id serial PRIMARY KEY, scene_id integer NOT NULL REFERENCES scenes(id) ON DELETE CASCADE,
                    task_type varchar(30) NOT NULL, completed boolean DEFAULT false, UNIQUE (scene_id, task_type));
                CREATE INDEX ON scene_tasks (scene_id);
                INSERT INTO projects (user_id, title, status, created_at, updated_at)
                SELECT 'u' || (i % 37), 'Project ' || i || ' ✨', CASE WHEN i % 3 = 0 THEN 'completed' ELSE 'active' END,
                       now() - interval '4 years', CASE WHEN i % 2 = 0 THEN now() - interval '3 years' ELSE now() - interval '1 day' END
                FROM generate_series(1, 400) i;
                INSERT INTO storyboards (project_id, title, brief) SELECT p.id, 'SB ' || p.id || '/' || k, jsonb_build_object('k', k, 'note', 'naïve')
                FROM projects p, generate_series(1, 2) k;
                INSERT INTO scenes (storyboard_id, scene_number, script) SELECT s.id, k, CASE WHEN k = 2 THEN NULL ELSE 'INT. ROOM ' || k END
                FROM storyboards s, generate_series(1, 3) k;
                INSERT INTO scene_tasks (scene_id, task_type, completed) SELECT c.id, t, c.id % 2 = 0
                FROM scenes c, unnest(ARRAY['script_written', 'edited']) t;
                """)
        case .mysql:
            try connection.executeScript(
                """
                CREATE TABLE projects (id INT AUTO_INCREMENT PRIMARY KEY, user_id VARCHAR(255) NOT NULL, title VARCHAR(255) NOT NULL,
                    status VARCHAR(20) DEFAULT 'active', created_at TIMESTAMP NULL, updated_at TIMESTAMP NULL);
                CREATE TABLE storyboards (id INT AUTO_INCREMENT PRIMARY KEY, project_id INT NOT NULL, title VARCHAR(255), brief JSON,
                    FOREIGN KEY (project_id) REFERENCES projects(id) ON DELETE CASCADE);
                CREATE TABLE scenes (id INT AUTO_INCREMENT PRIMARY KEY, storyboard_id INT NOT NULL, scene_number INT NOT NULL, script TEXT,
                    UNIQUE (storyboard_id, scene_number), FOREIGN KEY (storyboard_id) REFERENCES storyboards(id) ON DELETE CASCADE);
                CREATE TABLE scene_tasks (id INT AUTO_INCREMENT PRIMARY KEY, scene_id INT NOT NULL, task_type VARCHAR(30) NOT NULL,
                    completed BOOLEAN DEFAULT FALSE, UNIQUE (scene_id, task_type), FOREIGN KEY (scene_id) REFERENCES scenes(id) ON DELETE CASCADE);
                INSERT INTO projects (user_id, title, status, created_at, updated_at)
                SELECT CONCAT('u', seq % 37), CONCAT('Project ', seq, ' ✨'), IF(seq % 3 = 0, 'completed', 'active'),
                       UTC_TIMESTAMP() - INTERVAL 4 YEAR, IF(seq % 2 = 0, UTC_TIMESTAMP() - INTERVAL 3 YEAR, UTC_TIMESTAMP() - INTERVAL 1 DAY)
                FROM seq_1_to_400;
                INSERT INTO storyboards (project_id, title, brief) SELECT p.id, CONCAT('SB ', p.id, '/', k.seq), JSON_OBJECT('k', k.seq, 'note', 'naïve')
                FROM projects p, seq_1_to_2 k;
                INSERT INTO scenes (storyboard_id, scene_number, script) SELECT s.id, k.seq, IF(k.seq = 2, NULL, CONCAT('INT. ROOM ', k.seq))
                FROM storyboards s, seq_1_to_3 k;
                INSERT INTO scene_tasks (scene_id, task_type, completed) SELECT c.id, t.task, c.id % 2 = 0
                FROM scenes c, (SELECT 'script_written' AS task UNION ALL SELECT 'edited') t;
                """)
        }
    }

    static let rule = ArchiveRule(
        name: "projects", table: "projects", timeColumn: "updated_at", olderThan: 730 * 86_400,
        match: ["status": "completed"])

    static func options(batch: Int = 10) -> ArchiveOptions {
        var options = ArchiveOptions()
        options.rules = [rule]
        options.builtIn = false
        options.maintenance.batchSize = batch
        options.maintenance.pause = 0
        return options
    }

    /// Every row of a table as text, sorted: the multiset the checks compare.
    static func rows(_ connection: DatabaseConnection, _ table: String) throws -> [String] {
        try connection.query("SELECT * FROM \(connection.dialect.quote(table))").rows
            .map { $0.values.map { $0 ?? "∅" }.joined(separator: "\u{1}") }.sorted()
    }

    static func snapshot(_ connection: DatabaseConnection) throws -> [String: [String]] {
        var out: [String: [String]] = [:]
        for table in tables { out[table] = try rows(connection, table) }
        return out
    }

    /// Live rows plus archived rows, per table.
    static func liveAndArchived(_ connection: DatabaseConnection) throws -> [String: [String]] {
        var out: [String: [String]] = [:]
        // A run killed early may not have created the archive tables yet (asked before the
        // snapshot: a failed statement would end a PostgreSQL transaction).
        let archived = Set(tables.filter { (try? connection.query("SELECT 1 FROM \($0)_archive WHERE 1 = 0")) != nil })
        // Every table read in one snapshot: a killed run's last COMMIT may still land on the
        // server while the tables are read, and reads one after another would see its rows
        // both live (before) and archived (after).
        if connection is PostgresConnection {
            try connection.execute("BEGIN ISOLATION LEVEL REPEATABLE READ")
        } else {
            try connection.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
            try connection.execute("START TRANSACTION WITH CONSISTENT SNAPSHOT")
        }
        defer { try? connection.execute("ROLLBACK") }
        for table in tables {
            out[table] =
                (try rows(connection, table)
                + (archived.contains(table) ? try rows(connection, table + "_archive") : [])).sorted()
        }
        return out
    }

    @Test(
        "Moves exactly the old completed projects with all their children; restore brings them back",
        arguments: Engine.allCases)
    func archiveAndRestore(_ engine: Engine) throws {
        try ScratchDatabase.with(engine, prefix: "arch") { scratch in
            let connection = try scratch.connect()
            defer { connection.close() }
            try Self.fill(connection)
            let original = try Self.snapshot(connection)
            let due = try connection.query(
                "SELECT id FROM projects WHERE status = 'completed' AND id % 2 = 0 ORDER BY id"
            ).rows.map { $0[0]! }
            #expect(due.count == 66)

            let dry = try ArchiveRunner.run(
                scratch.config, label: "t",
                options: {
                    var o = Self.options(); o.maintenance.dryRun = true; return o
                }())
            #expect(dry.outcome == .dryRun && dry.tables[0].rows == 66)
            #expect(dry.tables[0].statements.contains { $0.hasPrefix("CREATE TABLE") })
            #expect(try Self.snapshot(connection) == original, "a dry run changes nothing")

            let report = try ArchiveRunner.run(scratch.config, label: "t", options: Self.options())
            #expect(report.outcome == .complete, "\(report.error ?? "")")
            #expect(report.tables[0].rows == 66 && report.tables[0].batches >= 7)
            #expect(report.tables[0].related == ["storyboards": 132, "scenes": 396, "scene_tasks": 792])
            #expect(try connection.query("SELECT id FROM projects_archive ORDER BY id").rows.map { $0[0]! } == due)
            #expect(
                try Self.count(connection, "SELECT count(*) FROM projects WHERE status = 'completed' AND id % 2 = 0")
                    == 0)
            #expect(try Self.count(connection, "SELECT count(*) FROM scene_tasks_archive") == 792)
            // Row for row: live plus archive is the original set, nothing lost or doubled.
            #expect(try Self.liveAndArchived(connection) == original)

            let again = try ArchiveRunner.run(scratch.config, label: "t", options: Self.options())
            #expect(again.rows == 0)

            let some = try ArchiveRunner.restore(
                scratch.config, label: "t", options: Self.options(), keys: [[due[0]], [due[5]]])
            #expect(some.outcome == .complete && some.rows == 2 && some.tables[0].related["scene_tasks"] == 24)
            #expect(try Self.count(connection, "SELECT count(*) FROM projects WHERE id IN (\(due[0]), \(due[5]))") == 2)
            #expect(try Self.liveAndArchived(connection) == original)
            let missing = try ArchiveRunner.restore(
                scratch.config, label: "t", options: Self.options(), keys: [[due[0]]])
            #expect(missing.outcome == .failed && (missing.error ?? "").contains("only 0 of the 1"))

            let all = try ArchiveRunner.restore(scratch.config, label: "t", options: Self.options(), keys: nil)
            #expect(all.outcome == .complete && all.rows == 64)
            #expect(try Self.snapshot(connection) == original, "every row is back where it was")
            #expect(try Self.count(connection, "SELECT count(*) FROM scenes_archive") == 0)
        }
    }

    @Test(
        "--to-file: a verified archive file in the backup format, the archive tables emptied; rows come back from the file",
        arguments: Engine.allCases)
    func toFileAndBack(_ engine: Engine) throws {
        try ScratchDatabase.with(engine, prefix: "archf") { scratch in
            let connection = try scratch.connect()
            defer { connection.close() }
            try Self.fill(connection)
            let original = try Self.snapshot(connection)
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
                "dbops-archf-\(UUID().uuidString)"
            ).path
            defer { try? FileManager.default.removeItem(atPath: directory) }
            // What an interrupted run can leave: a file that never got its sidecar.
            try FileManager.default.createDirectory(
                atPath: directory + "/projects-20200101T000000-000000Z", withIntermediateDirectories: true)

            var options = Self.options(batch: 20)
            options.files = directory
            let report = try ArchiveRunner.run(scratch.config, label: "t", options: options)
            #expect(report.outcome == .complete && report.rows == 66, "\(report.error ?? "")")
            #expect(report.notes.contains { $0.contains("removed the incomplete archive file") })
            let names = try FileManager.default.contentsOfDirectory(atPath: directory).sorted()
            #expect(names.count == 2, "\(names)")
            let file = try #require(names.first { !$0.hasSuffix(".json") })
            #expect(names.contains(file + ".roots.json"))
            for table in Self.tables {
                #expect(try Self.count(connection, "SELECT count(*) FROM \(table)_archive") == 0)
            }
            // The file is a dbops backup: verify accepts it and counts every row.
            let verify = try DBOpsProcess.run(["verify", directory + "/" + file, "--format", "json"])
            #expect(verify.exitCode == 0, "\(verify)")
            #expect(verify.stdout.contains("\"rows\" : 1386"), "66 + 132 + 396 + 792 rows: \(verify.stdout)")
            #expect(try Self.count(connection, "SELECT count(*) FROM projects") == 334)

            let chosen = try ArchiveRunner.restore(scratch.config, label: "t", options: options, keys: [["6"], ["12"]])
            #expect(chosen.outcome == .complete && chosen.rows == 2, "\(chosen.error ?? "")")
            #expect(chosen.tables[0].related["scene_tasks"] == 24)
            #expect(
                try Self.rows(connection, "projects").filter { $0.hasPrefix("6\u{1}") || $0.hasPrefix("12\u{1}") }
                    == original["projects"]!.filter { $0.hasPrefix("6\u{1}") || $0.hasPrefix("12\u{1}") },
                "the same rows, to the byte")
            let never = try ArchiveRunner.restore(scratch.config, label: "t", options: options, keys: [["2"]])
            #expect(never.outcome == .failed && (never.error ?? "").contains("not in any archive file"))
        }
    }

    @Test(
        "--from-file --all after an interrupted restore: roots already back and identical are skipped; one that differs is refused",
        arguments: Engine.allCases)
    func fromFileRerun(_ engine: Engine) throws {
        try ScratchDatabase.with(engine, prefix: "archrr") { scratch in
            let connection = try scratch.connect()
            defer { connection.close() }
            try Self.fill(connection)
            let original = try Self.snapshot(connection)
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
                "dbops-archrr-\(UUID().uuidString)"
            ).path
            defer { try? FileManager.default.removeItem(atPath: directory) }
            var options = Self.options(batch: 20)
            options.files = directory
            #expect(try ArchiveRunner.run(scratch.config, label: "t", options: options).rows == 66)
            // What a restore killed after two batches leaves: those roots live again.
            let partial = try ArchiveRunner.restore(
                scratch.config, label: "t", options: options, keys: [["6"], ["12"], ["18"]])
            #expect(partial.rows == 3)
            // One of them changed since by the application: never overwritten, never merged.
            try connection.execute("UPDATE storyboards SET title = 'edited' WHERE project_id = 18")
            let refused = try ArchiveRunner.restore(scratch.config, label: "t", options: options, keys: nil)
            #expect(refused.outcome == .failed)
            #expect(
                (refused.error ?? "").contains("18") && (refused.error ?? "").contains("differs"),
                "\(refused.error ?? "")")
            #expect(try Self.count(connection, "SELECT count(*) FROM projects") == 337, "nothing moved")
            // Put back as archived: the re-run carries on and skips the three.
            try connection.executeScript("DELETE FROM projects WHERE id = 18")
            let rerun = try ArchiveRunner.restore(scratch.config, label: "t", options: options, keys: nil)
            #expect(rerun.outcome == .complete, "\(rerun.error ?? "")")
            #expect(rerun.rows == 64)
            #expect(rerun.notes.contains { $0.contains("2 projects row(s) were already back") }, "\(rerun.notes)")
            #expect(try Self.snapshot(connection) == original, "every row back, to the byte")
        }
    }

    @Test(
        "--to-file: a run killed after the file was written but before the archive tables were emptied is finished by the next",
        arguments: Engine.allCases)
    func toFileRecovery(_ engine: Engine) throws {
        try ScratchDatabase.with(engine, prefix: "archr") { scratch in
            let connection = try scratch.connect()
            defer { connection.close() }
            try Self.fill(connection)
            let original = try Self.snapshot(connection)
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
                "dbops-archr-\(UUID().uuidString)"
            ).path
            defer { try? FileManager.default.removeItem(atPath: directory) }
            // Rows in the archive tables, a complete file of them, its .pending sidecar: the
            // state step 3 was interrupted in.
            _ = try ArchiveRunner.run(scratch.config, label: "t", options: Self.options(batch: 50))
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            let name = "projects-20260101T000000-000000Z"
            let backup = try DBOpsProcess.run(
                ["backup", "--output", directory + "/" + name] + Self.tables.flatMap { ["--table", $0 + "_archive"] },
                environment: ["DBOPS_URL": try scratch.url])
            #expect(backup.exitCode == 0, "\(backup)")
            let roots = try connection.query("SELECT id FROM projects_archive ORDER BY id").rows.map { [$0[0]!] }
            let sidecar = ArchiveFiles.Sidecar(rule: "projects", table: "projects", keyColumns: ["id"], roots: roots)
            try JSONEncoder().encode(sidecar).write(to: URL(fileURLWithPath: directory + "/" + name + ".pending.json"))

            var options = Self.options()
            options.files = directory
            let report = try ArchiveRunner.run(scratch.config, label: "t", options: options)
            #expect(report.outcome == .complete && report.rows == 0)
            #expect(report.notes.contains { $0.contains("finished archive file \(name)") }, "\(report.notes)")
            #expect(FileManager.default.fileExists(atPath: directory + "/" + name + ".roots.json"))
            #expect(try Self.count(connection, "SELECT count(*) FROM scene_tasks_archive") == 0)
            // Everything comes back from the file: the database is whole again.
            let back = try ArchiveRunner.restore(scratch.config, label: "t", options: options, keys: nil)
            #expect(back.outcome == .complete && back.rows == 66, "\(back.error ?? "")")
            #expect(try Self.snapshot(connection) == original)
        }
    }

    /// One to_file directory serving two databases (a fleet's targets, two cron jobs) with
    /// the same rule and the same keys: each run finishes, removes and reads back only its
    /// own database's files. Before, the second database's run took the first's files for
    /// its own: an abandoned write was removed, a pending sidecar purged its keys from the
    /// wrong archive tables, and a restore brought the other database's rows back.
    @Test(
        "--to-file: one directory, two databases: each run touches and reads only its own files",
        arguments: Engine.allCases)
    func sharedDirectory(_ engine: Engine) throws {
        try ScratchDatabase.with(engine, prefix: "archsa") { first in
            try ScratchDatabase.with(engine, prefix: "archsb") { second in
                let a = try first.connect()
                defer { a.close() }
                let b = try second.connect()
                defer { b.close() }
                try Self.fill(a)
                try Self.fill(b)
                // The same keys in both; the second's rows told apart by their titles.
                try b.execute("UPDATE projects SET title = CONCAT('second ', title)")
                let originalA = try Self.snapshot(a)
                let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
                    "dbops-archs-\(UUID().uuidString)"
                ).path
                defer { try? FileManager.default.removeItem(atPath: directory) }
                var options = Self.options(batch: 50)
                options.files = directory
                #expect(try ArchiveRunner.run(second.config, label: "b", options: options).rows == 66)
                // The second's file as a killed run of it would leave it (complete, its
                // sidecar still pending), and another rule's abandoned write.
                let names = try FileManager.default.contentsOfDirectory(atPath: directory)
                let secondFile = try #require(names.first { !$0.hasSuffix(".json") })
                try FileManager.default.moveItem(
                    atPath: "\(directory)/\(secondFile).roots.json", toPath: "\(directory)/\(secondFile).pending.json")
                try FileManager.default.createDirectory(
                    atPath: directory + "/projects-eu-20200101T000000-000000Z", withIntermediateDirectories: true)

                let report = try ArchiveRunner.run(first.config, label: "a", options: options)
                #expect(report.outcome == .complete && report.rows == 66, "\(report.error ?? "")")
                #expect(
                    report.notes.allSatisfy { !$0.contains(secondFile) && !$0.contains("projects-eu") },
                    "\(report.notes)")
                let after = Set(try FileManager.default.contentsOfDirectory(atPath: directory))
                #expect(after.contains(secondFile + ".pending.json"), "the other database's pending file is its own")
                #expect(after.contains("projects-eu-20200101T000000-000000Z"), "another rule's file is its own")
                #expect(after.filter { $0.hasSuffix(".roots.json") }.count == 1, "\(after)")

                // Every root back from the files, and only this database's rows.
                let back = try ArchiveRunner.restore(first.config, label: "a", options: options, keys: nil)
                #expect(back.outcome == .complete && back.rows == 66, "\(back.error ?? "")")
                #expect(try Self.snapshot(a) == originalA, "the first database whole, none of the second's rows")
                #expect(try Self.count(b, "SELECT count(*) FROM projects") == 334, "the second database untouched")

                // A fleet run must name each target's directory apart: refused before any
                // target starts, then run with {target} in the name.
                let config = directory + "/fleet.toml"
                try """
                [archive]
                builtin = false
                [archive.rules.projects]
                table = "projects"
                time_column = "updated_at"
                older_than = "730d"
                match = { status = "completed" }
                [targets.first]
                url_env = "FIRST_URL"
                [targets.second]
                url_env = "SECOND_URL"
                """.write(toFile: config, atomically: true, encoding: .utf8)
                let urls = ["FIRST_URL": try first.url, "SECOND_URL": try second.url]
                let shared = try DBOpsProcess.run(
                    ["archive", "--config", config, "--all-targets", "--to-file", directory + "/fleet"],
                    environment: urls)
                #expect(shared.exitCode == 64 && shared.stderr.contains("put {target} in the name"), "\(shared)")
                #expect(try Self.count(a, "SELECT count(*) FROM projects") == 400, "nothing archived")
                let apart = try DBOpsProcess.run(
                    ["archive", "--config", config, "--all-targets", "--to-file", directory + "/fleet/{target}"],
                    environment: urls)
                #expect(apart.exitCode == 0, "\(apart)")
                let own = try FileManager.default.contentsOfDirectory(atPath: directory + "/fleet/first")
                #expect(own.filter { $0.hasSuffix(".roots.json") }.count == 1, "\(own)")
                #expect(try Self.count(a, "SELECT count(*) FROM projects") == 334)
            }
        }
    }

    static func count(_ connection: DatabaseConnection, _ sql: String) throws -> Int64 {
        Int64(try connection.scalar(sql) ?? "") ?? -1
    }

    @Test(
        "A concurrent writer sees no errors; SIGKILL at random points then a re-run: live + archive is the original, row for row",
        arguments: Engine.allCases)
    func writerAndKills(_ engine: Engine) throws {
        try ScratchDatabase.with(engine, prefix: "archk") { scratch in
            let connection = try scratch.connect()
            defer { connection.close() }
            try Self.fill(connection)
            let original = try Self.snapshot(connection)
            let config = FileManager.default.temporaryDirectory.appendingPathComponent(
                "dbops-arch-\(UUID().uuidString).toml"
            ).path
            try """
            [archive.rules.projects]
            table = "projects"
            time_column = "updated_at"
            older_than = "730d"
            match = { status = "completed" }
            """.write(toFile: config, atomically: true, encoding: .utf8)
            defer { try? FileManager.default.removeItem(atPath: config) }
            // The application keeps editing live projects' scenes, row by row, while archive
            // runs and is killed (a no-op update still takes the row lock).
            let liveScenes = try connection.query(
                "SELECT s.id FROM scenes s JOIN storyboards b ON b.id = s.storyboard_id WHERE b.project_id % 2 = 1"
            )
            .rows.compactMap { $0.int64("id") }
            let stop = Flag()
            let writes = Counter()
            let writer = Background {
                let app = try scratch.connect()
                defer { app.close() }
                try app.apply(SessionSettings(lockTimeout: 1))
                var i = 0
                while !stop.isSet {
                    i += 1
                    try app.execute(
                        engine == .postgres
                            ? "UPDATE scenes SET script = script WHERE id = $1"
                            : "UPDATE scenes SET script = script WHERE id = ?",
                        [.int(liveScenes[(i * 7919) % liveScenes.count])])
                    writes.add()
                }
            }
            var seed = SystemRandomNumberGenerator()
            for _ in 0..<3 {
                let process = try DBOpsProcess.start(
                    ["--config", config, "archive", "--no-builtin", "--batch-size", "3", "--pause", "0.02"],
                    environment: ["DBOPS_URL": try scratch.url])
                Thread.sleep(forTimeInterval: Double.random(in: 0.15...0.6, using: &seed))
                kill(process.processIdentifier, SIGKILL)
                process.waitUntilExit()
                #expect(try Self.liveAndArchived(connection) == original, "after a kill: nothing lost, nothing doubled")
            }
            let rerun = try DBOpsProcess.run(
                ["--config", config, "archive", "--no-builtin", "--format", "json"],
                environment: ["DBOPS_URL": try scratch.url])
            stop.set()
            #expect(writer.wait() == nil, "the application's writes all succeeded")
            #expect(writes.value > 0)
            #expect(rerun.exitCode == 0, "\(rerun.stderr)")
            #expect(try Self.count(connection, "SELECT count(*) FROM projects_archive") == 66)
            #expect(try Self.liveAndArchived(connection) == original)

            // An overlapping run is refused by the lock and changes nothing.
            let holder = try scratch.connect()
            defer { holder.close() }
            #expect(try holder.tryNamedLock(jobLockName(job: "archive", database: scratch.name)))
            let refused = try DBOpsProcess.run(
                ["--config", config, "archive", "restore", "--no-builtin", "--all"],
                environment: ["DBOPS_URL": try scratch.url])
            #expect(refused.exitCode == 75, "\(refused)")
            #expect(try Self.count(connection, "SELECT count(*) FROM projects_archive") == 66)
        }
    }
}
