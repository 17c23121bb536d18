import Backup
import DBCore
import Foundation
import Testing
import TestSupport

@Suite("Restore modes")
struct RestoreModesTests {
    static func seed(_ engine: Engine, _ connection: DatabaseConnection) throws {
        let series = engine == .postgres ? "generate_series(1, 500) g" : "seq_1_to_500"
        let column = engine == .postgres ? "g" : "seq"
        try connection.executeScript(
            """
            CREATE TABLE parents (id INT PRIMARY KEY, name TEXT);
            CREATE TABLE children (id INT PRIMARY KEY, parent_id INT REFERENCES parents (id), note TEXT);
            CREATE TABLE counters (id INT PRIMARY KEY, n INT);
            INSERT INTO parents SELECT \(column), CONCAT('parent ', \(column)) FROM \(series);
            INSERT INTO children SELECT \(column), \(column), 'child' FROM \(series);
            INSERT INTO counters VALUES (1, 1), (2, 2);
            """)
    }

    @Test("A non-empty target is refused; --clean replaces what the backup holds", arguments: Engine.allCases)
    func cleanRestore(_ engine: Engine) throws {
        try ScratchDatabase.with(engine, prefix: "src") { source in
            let connection = try source.connect()
            try Self.seed(engine, connection)
            connection.close()
            try withTemporaryDirectory { folder in
                _ = try BackupRunner.run(try source.config, options: BackupOptions(output: folder + "/b"))
                try ScratchDatabase.with(engine, prefix: "dst") { target in
                    let first = try DBOpsProcess.run(
                        ["restore", folder + "/b"], environment: ["DBOPS_URL": try target.url])
                    #expect(first.exitCode == 0, "\(first)")
                    // Change the copy, then restore again: refused without --clean.
                    let writer = try target.connect()
                    try writer.execute("DELETE FROM children WHERE id > 10")
                    writer.close()
                    let again = try DBOpsProcess.run(
                        ["restore", folder + "/b"], environment: ["DBOPS_URL": try target.url])
                    #expect(again.exitCode == 1)
                    #expect(again.stderr.contains("is not empty") && again.stderr.contains("--clean"))
                    let cleaned = try DBOpsProcess.run(
                        ["restore", "--clean", folder + "/b"], environment: ["DBOPS_URL": try target.url])
                    #expect(cleaned.exitCode == 0, "\(cleaned)")
                    #expect(
                        try IndependentChecks.tableChecksums(engine, database: target.name)
                            == IndependentChecks.tableChecksums(engine, database: source.name))
                }
            }
        }
    }

    @Test(
        "--create makes a missing target once the backup is checked; two racing restores make it once",
        arguments: Engine.allCases)
    func createTarget(_ engine: Engine) throws {
        try ScratchDatabase.with(engine, prefix: "mk") { source in
            let connection = try source.connect()
            try Self.seed(engine, connection)
            connection.close()
            try withTemporaryDirectory { folder in
                _ = try BackupRunner.run(try source.config, options: BackupOptions(output: folder + "/b"))
                try ScratchDatabase.with(engine, prefix: "mkdst") { target in
                    target.drop()  // a name the server lacks
                    let exists = {
                        let admin = try ScratchDatabase.admin(engine, solo: false)
                        defer { admin.close() }
                        return try admin.scalar(
                            engine == .postgres
                                ? "SELECT count(*) FROM pg_database WHERE datname = '\(target.name)'"
                                : "SELECT COUNT(*) FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = '\(target.name)'"
                        )
                            == "1"
                    }
                    let environment = ["DBOPS_URL": try target.url]
                    let missing = try DBOpsProcess.run(["restore", folder + "/b"], environment: environment)
                    #expect(missing.exitCode == 1 && missing.stderr.contains("add --create"), "\(missing)")
                    // A damaged backup creates nothing.
                    try FileManager.default.copyItem(atPath: folder + "/b", toPath: folder + "/damaged")
                    let data = try #require(
                        try FileManager.default.contentsOfDirectory(atPath: folder + "/damaged/data").sorted().first)
                    let handle = try #require(FileHandle(forWritingAtPath: folder + "/damaged/data/" + data))
                    handle.write(Data("x".utf8))
                    try handle.close()
                    let damaged = try DBOpsProcess.run(
                        ["restore", "--create", folder + "/damaged"], environment: environment)
                    #expect(damaged.exitCode == 1, "\(damaged)")
                    #expect(try !exists(), "a damaged backup made the database")
                    let made = try DBOpsProcess.run(
                        ["restore", "--create", "--format", "json", folder + "/b"], environment: environment)
                    #expect(made.exitCode == 0, "\(made)")
                    let summary = try #require(
                        try JSONSerialization.jsonObject(with: made.stdoutData) as? [String: Any])
                    #expect(summary["created"] as? Bool == true, "\(summary)")
                    #expect(
                        try IndependentChecks.tableChecksums(engine, database: target.name)
                            == IndependentChecks.tableChecksums(engine, database: source.name))
                    // Two at once: one makes it and restores, the other finds it made and is
                    // kept out by the job's lock (75) or by the rows already in (1).
                    target.drop()
                    let box = ResultBox()
                    let other = Background {
                        box.set(
                            try DBOpsProcess.run(["restore", "--create", folder + "/b"], environment: environment))
                    }
                    let first = try DBOpsProcess.run(["restore", "--create", folder + "/b"], environment: environment)
                    #expect(other.wait(timeout: 120) == nil)
                    let results = [first] + (box.value.map { [$0] } ?? [])
                    #expect(results.count == 2)
                    #expect(results.filter { $0.exitCode == 0 }.count == 1, "\(results)")
                    #expect(results.allSatisfy { [0, 1, 75].contains($0.exitCode) }, "\(results)")
                    #expect(!results.contains { $0.stderr.contains("already exists") }, "\(results)")
                    #expect(
                        try IndependentChecks.tableChecksums(engine, database: target.name)
                            == IndependentChecks.tableChecksums(engine, database: source.name))
                }
            }
        }
    }

    @Test(
        "A backup of a database a restore did not finish says so (chosen tables too), and restoring it whole is refused before the target is touched",
        arguments: Engine.allCases)
    func partialSource(_ engine: Engine) throws {
        try ScratchDatabase.with(engine, prefix: "half") { source in
            // What a killed restore leaves: some tables, and the marker it had not dropped.
            let connection = try source.connect()
            try Self.seed(engine, connection)
            try connection.executeScript(
                "CREATE TABLE _dbops_restore_incomplete (started_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP); INSERT INTO _dbops_restore_incomplete VALUES (CURRENT_TIMESTAMP)"
            )
            connection.close()
            try withTemporaryDirectory { folder in
                let backup = try DBOpsProcess.run(
                    ["backup", "-o", folder + "/b"], environment: ["DBOPS_URL": try source.url])
                #expect(backup.exitCode == 0, "\(backup)")
                #expect(backup.stderr.contains("holds _dbops_restore_incomplete"), "\(backup)")
                // Chosen tables leave the marker out of the backup: said all the same.
                let chosen = try DBOpsProcess.run(
                    ["backup", "--table", "parents", "-o", folder + "/chosen"],
                    environment: ["DBOPS_URL": try source.url])
                #expect(chosen.exitCode == 0, "\(chosen)")
                #expect(chosen.stderr.contains("holds _dbops_restore_incomplete"), "\(chosen)")
                let manifest = try String(contentsOfFile: folder + "/chosen/manifest.json", encoding: .utf8)
                #expect(manifest.contains("may be partial"), "the manifest keeps the warning")
                try ScratchDatabase.with(engine, prefix: "halfdst") { target in
                    // It was: the restore's own marker collided with the backup's half-way,
                    // failing with "already exists" and leaving the target marked.
                    let whole = try DBOpsProcess.run(
                        ["restore", folder + "/b"], environment: ["DBOPS_URL": try target.url])
                    #expect(whole.exitCode == 1, "\(whole)")
                    #expect(whole.stderr.contains("its data is partial"), "\(whole)")
                    #expect(whole.stderr.split(separator: "\n").count == 1, "\(whole)")
                    let check = try target.connect()
                    defer { check.close() }
                    #expect(
                        try check.scalar(
                            engine == .postgres
                                ? "SELECT count(*) FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema')"
                                : "SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE()")
                            == "0",
                        "the target was not touched")
                    // Chosen tables of the backup still reload into a database that has them.
                    try check.executeScript("CREATE TABLE parents (id INT PRIMARY KEY, name TEXT)")
                    let chosen = try DBOpsProcess.run(
                        ["restore", "--table", "parents", folder + "/b"], environment: ["DBOPS_URL": try target.url])
                    #expect(chosen.exitCode == 0, "\(chosen)")
                    #expect(try check.scalar("SELECT COUNT(*) FROM parents") == "500")
                }
            }
        }
    }

    @Test("--table reloads chosen tables of an existing database in one transaction each", arguments: Engine.allCases)
    func tableRestore(_ engine: Engine) throws {
        try ScratchDatabase.with(engine, prefix: "tbl") { database in
            let connection = try database.connect()
            defer { connection.close() }
            try Self.seed(engine, connection)
            try withTemporaryDirectory { folder in
                _ = try BackupRunner.run(try database.config, options: BackupOptions(output: folder + "/b"))
                let before = try IndependentChecks.tableChecksums(engine, database: database.name)
                // An accident: rows of two tables changed, one table untouched since.
                try connection.execute("UPDATE counters SET n = n + 100")
                try connection.execute("DELETE FROM children WHERE id > 250")
                try connection.execute("INSERT INTO parents VALUES (9999, 'added after the backup')")
                let result = try DBOpsProcess.run(
                    ["restore", "--table", "counters", "--table", "child*", folder + "/b"],
                    environment: ["DBOPS_URL": try database.url])
                #expect(result.exitCode == 0, "\(result)")
                let after = try IndependentChecks.tableChecksums(engine, database: database.name)
                let key = { (name: String) in engine == .postgres ? "public.\(name)" : name }
                #expect(after[key("counters")] == before[key("counters")])
                #expect(after[key("children")] == before[key("children")])
                #expect(after[key("parents")] != before[key("parents")], "tables not chosen are left alone")
                let none = try DBOpsProcess.run(
                    ["restore", "--table", "nope*", folder + "/b"], environment: ["DBOPS_URL": try database.url])
                #expect(none.exitCode == 64)
                // One pattern of several that names nothing (a typo) refuses the restore
                // before the target is touched, rather than restore less than asked.
                try connection.execute("UPDATE counters SET n = n + 100")
                let typo = try DBOpsProcess.run(
                    ["restore", "--table", "counters", "--table", "chidlren", folder + "/b"],
                    environment: ["DBOPS_URL": try database.url])
                #expect(typo.exitCode == 64, "\(typo)")
                #expect(typo.stderr.contains("no table of the backup matches --table chidlren"), "\(typo.stderr)")
                #expect(
                    try IndependentChecks.tableChecksums(engine, database: database.name)[key("counters")]
                        != before[key("counters")], "not reloaded")
                if engine == .mysql {
                    // A table missing from the target is created from the backup's definition.
                    try connection.executeScript("DROP TABLE counters")
                    let recreated = try DBOpsProcess.run(
                        ["restore", "--table", "counters", folder + "/b"], environment: ["DBOPS_URL": try database.url])
                    #expect(recreated.exitCode == 0, "\(recreated)")
                    #expect(
                        try IndependentChecks.tableChecksums(engine, database: database.name)[key("counters")]
                            == before[key("counters")])
                }
            }
        }
    }

    @Test("Schema-only and data-only backups", arguments: Engine.allCases)
    func schemaAndDataOnly(_ engine: Engine) throws {
        try ScratchDatabase.with(engine, prefix: "so") { source in
            let connection = try source.connect()
            try Self.seed(engine, connection)
            connection.close()
            try withTemporaryDirectory { folder in
                let schema = try BackupRunner.run(
                    try source.config, options: BackupOptions(output: folder + "/schema", schemaOnly: true))
                #expect(schema.rows == 0)
                let data = try BackupRunner.run(
                    try source.config, options: BackupOptions(output: folder + "/data", dataOnly: true))
                #expect(data.rows == 1002)
                try ScratchDatabase.with(engine, prefix: "sod") { target in
                    _ = try RestoreRunner.run(try target.config, options: RestoreOptions(input: folder + "/schema"))
                    #expect(
                        try IndependentChecks.tableChecksums(engine, database: target.name).values.allSatisfy {
                            $0.hasPrefix("0:")
                        })
                    _ = try RestoreRunner.run(try target.config, options: RestoreOptions(input: folder + "/data"))
                    #expect(
                        try IndependentChecks.tableChecksums(engine, database: target.name)
                            == IndependentChecks.tableChecksums(engine, database: source.name))
                }
            }
        }
    }

    @Test(
        "--clean of a --table backup into a database holding other tables is refused before anything is dropped",
        arguments: Engine.allCases)
    func cleanWouldLeaveOthers(_ engine: Engine) throws {
        try ScratchDatabase.with(engine, prefix: "cleft") { database in
            let connection = try database.connect()
            defer { connection.close() }
            try Self.seed(engine, connection)
            try withTemporaryDirectory { folder in
                _ = try BackupRunner.run(
                    try database.config, options: BackupOptions(output: folder + "/b", include: ["counters"]))
                try connection.execute("INSERT INTO counters VALUES (3, 3)")
                let before = try IndependentChecks.tableChecksums(engine, database: database.name)
                // It dropped counters, then found parents and children left, refused, and the
                // counters were gone for good.
                let result = try DBOpsProcess.run(
                    ["restore", "--clean", folder + "/b"], environment: ["DBOPS_URL": try database.url])
                #expect(result.exitCode == 1, "\(result)")
                #expect(
                    result.stderr.contains("nothing was dropped") && result.stderr.contains("--table"),
                    "\(result.stderr)")
                #expect(try IndependentChecks.tableChecksums(engine, database: database.name) == before)
                #expect(try connection.scalar("SELECT count(*) FROM counters") == "3")
                // What it advises works: the chosen table reloaded, the others kept.
                let table = try DBOpsProcess.run(
                    ["restore", "--table", "counters", folder + "/b"], environment: ["DBOPS_URL": try database.url])
                #expect(table.exitCode == 0, "\(table)")
                #expect(try connection.scalar("SELECT count(*) FROM counters") == "2")
                #expect(try connection.scalar("SELECT count(*) FROM children") == "500")
            }
        }
    }

    @Test("--table and --exclude-table choose what a backup holds", arguments: Engine.allCases)
    func selection(_ engine: Engine) throws {
        try ScratchDatabase.with(engine, prefix: "sel") { source in
            let connection = try source.connect()
            try Self.seed(engine, connection)
            connection.close()
            try withTemporaryDirectory { folder in
                let only = try BackupRunner.run(
                    try source.config, options: BackupOptions(output: folder + "/only", include: ["counters"]))
                #expect(only.tables == 1 && only.rows == 2)
                let without = try BackupRunner.run(
                    try source.config, options: BackupOptions(output: folder + "/without", exclude: ["child*"]))
                #expect(without.tables == 2 && without.rows == 502)
                // A pattern that names no table (misspelt, or a table renamed since) fails the
                // backup and keeps nothing, as pg_dump --strict-names: a scheduled backup
                // would otherwise go on succeeding without the table.
                let typo = try DBOpsProcess.run(
                    ["backup", "-o", folder + "/typo", "--table", "counters", "--table", "countres"],
                    environment: ["DBOPS_URL": try source.url])
                #expect(typo.exitCode == 64, "\(typo)")
                #expect(typo.stderr.contains("no table of \(source.name) matches --table countres"), "\(typo.stderr)")
                #expect(!FileManager.default.fileExists(atPath: folder + "/typo"))
            }
        }
    }
}

/// `local_infile` is a global setting: these tests change it only on the solo server.
@Suite("MariaDB without local_infile")
struct InsertFallbackTests {
    @Test("Rows go in through multi-row INSERTs when the server forbids LOAD DATA LOCAL")
    func insertFallback() throws {
        try SoloServer.exclusively(.mysql) {
            let admin = try ScratchDatabase.admin(.mysql, solo: true)
            defer { admin.close() }
            try ScratchDatabase.with(.mysql, prefix: "noinfile", solo: true) { source in
                let connection = try source.connect()
                try connection.executeScript(
                    """
                    CREATE TABLE odd (id INT PRIMARY KEY, b BLOB, t TEXT, bits BIT(4), nothing TEXT);
                    INSERT INTO odd SELECT seq, UNHEX(REPEAT('00FF0A5C09', seq % 7)), CONCAT('tab\\there\\nline ', seq, ' 🐉'), seq % 16, NULL FROM seq_1_to_2500;
                    """)
                connection.close()
                try withTemporaryDirectory { folder in
                    _ = try BackupRunner.run(try source.config, options: BackupOptions(output: folder + "/b"))
                    try admin.executeScript("SET GLOBAL local_infile = 0")
                    defer { try? admin.executeScript("SET GLOBAL local_infile = 1") }
                    try ScratchDatabase.with(.mysql, prefix: "noinfr", solo: true) { target in
                        _ = try RestoreRunner.run(try target.config, options: RestoreOptions(input: folder + "/b"))
                        #expect(
                            try IndependentChecks.tableChecksums(.mysql, database: target.name, solo: true)
                                == IndependentChecks.tableChecksums(.mysql, database: source.name, solo: true))
                    }
                }
            }
        }
    }

    @Test("restore --table with LOAD DATA LOCAL refused replaces the table's rows, never merges them")
    func tableRestoreWithoutLocalInfile() throws {
        try SoloServer.exclusively(.mysql) {
            let admin = try ScratchDatabase.admin(.mysql, solo: true)
            defer { admin.close() }
            try ScratchDatabase.with(.mysql, prefix: "noinftbl", solo: true) { database in
                let connection = try database.connect()
                defer { connection.close() }
                try connection.executeScript(
                    "CREATE TABLE counters (id INT PRIMARY KEY, n INT); INSERT INTO counters VALUES (1, 1), (2, 2)")
                try withTemporaryDirectory { folder in
                    _ = try BackupRunner.run(try database.config, options: BackupOptions(output: folder + "/b"))
                    try admin.executeScript("SET GLOBAL local_infile = 0")
                    defer { try? admin.executeScript("SET GLOBAL local_infile = 1") }
                    let rows = {
                        try connection.query("SELECT id, n FROM counters ORDER BY id").rows.map {
                            "\($0[0]!):\($0[1]!)"
                        }
                    }
                    // Rows that are not in the backup: they must go.
                    try connection.executeScript("DELETE FROM counters; INSERT INTO counters VALUES (3, 3), (4, 4)")
                    let disjoint = try DBOpsProcess.run(
                        ["restore", "--table", "counters", folder + "/b"], environment: ["DBOPS_URL": try database.url])
                    #expect(disjoint.exitCode == 0, "\(disjoint)")
                    #expect(try rows() == ["1:1", "2:2"])
                    // Rows overlapping the backup's keys: no duplicate-key failure.
                    try connection.executeScript("DELETE FROM counters; INSERT INTO counters VALUES (1, 10), (5, 5)")
                    let overlapping = try DBOpsProcess.run(
                        ["restore", "--table", "counters", folder + "/b"], environment: ["DBOPS_URL": try database.url])
                    #expect(overlapping.exitCode == 0, "\(overlapping)")
                    #expect(try rows() == ["1:1", "2:2"])
                }
            }
        }
    }

    @Test("--no-local-infile loads with INSERTs on a server that allows LOAD DATA LOCAL")
    func noLocalInfileOption() throws {
        try ScratchDatabase.with(.mysql, prefix: "nolocal") { database in
            let connection = try database.connect()
            defer { connection.close() }
            try connection.executeScript(
                "CREATE TABLE counters (id INT PRIMARY KEY, n INT); INSERT INTO counters SELECT seq, seq FROM seq_1_to_300"
            )
            try withTemporaryDirectory { folder in
                _ = try BackupRunner.run(try database.config, options: BackupOptions(output: folder + "/b"))
                try connection.executeScript(
                    "DELETE FROM counters WHERE id > 100; INSERT INTO counters VALUES (1000, 1)")
                let result = try DBOpsProcess.run(
                    ["restore", "--no-local-infile", "--table", "counters", folder + "/b"],
                    environment: ["DBOPS_URL": try database.url])
                #expect(result.exitCode == 0, "\(result)")
                #expect(try connection.scalar("SELECT CONCAT(COUNT(*), ':', SUM(n)) FROM counters") == "300:45150")
            }
        }
    }
}

@Suite("Backup retention")
struct PruneTests {
    @Test("prune keeps the newest complete backups, drops old leftovers, touches nothing else")
    func prune() throws {
        try ScratchDatabase.with(.postgres, prefix: "prn") { source in
            let connection = try source.connect()
            try connection.executeScript("CREATE TABLE t (id int PRIMARY KEY); INSERT INTO t VALUES (1), (2)")
            connection.close()
            try withTemporaryDirectory { folder in
                for i in 1...4 {
                    _ = try BackupRunner.run(try source.config, options: BackupOptions(output: "\(folder)/b\(i)"))
                    Thread.sleep(forTimeInterval: 1.1)
                }
                // A leftover of a killed run (marker, no manifest), made to look two days old.
                try FileManager.default.createDirectory(
                    atPath: folder + "/crashed/data", withIntermediateDirectories: true)
                FileManager.default.createFile(atPath: folder + "/crashed/.dbops-backup", contents: Data())
                try FileManager.default.setAttributes(
                    [.modificationDate: Date().addingTimeInterval(-2 * 86_400)], ofItemAtPath: folder + "/crashed")
                // A backup running for two days already: its folder is held, so it is no leftover.
                try FileManager.default.createDirectory(
                    atPath: folder + "/running/data", withIntermediateDirectories: true)
                FileManager.default.createFile(atPath: folder + "/running/.dbops-backup", contents: Data())
                try FileManager.default.setAttributes(
                    [.modificationDate: Date().addingTimeInterval(-2 * 86_400)], ofItemAtPath: folder + "/running")
                let running = try #require(try FolderClaim(folder + "/running"))
                let verifying = try DBOpsProcess.run(["verify", folder + "/running"])
                #expect(
                    verifying.exitCode == 1 && verifying.stderr.contains("is a backup still being written"),
                    "\(verifying)")
                // Not a backup: never touched.
                try FileManager.default.createDirectory(atPath: folder + "/notes", withIntermediateDirectories: true)

                let dry = try DBOpsProcess.run(["backup", "prune", folder, "--keep", "2", "--dry-run"])
                #expect(dry.exitCode == 0, "\(dry)")
                #expect(dry.stdout.contains("would remove"))
                #expect(FileManager.default.fileExists(atPath: folder + "/b1"))

                // b2 is being read (a restore, verify or drill holds it shared): due, but kept.
                let reading = try #require(try FolderClaim(folder + "/b2", shared: true))
                let real = try DBOpsProcess.run(["backup", "prune", folder, "--keep", "2", "--format", "json"])
                #expect(real.exitCode == 0, "\(real)")
                let remaining = Set(try FileManager.default.contentsOfDirectory(atPath: folder))
                #expect(remaining == ["b2", "b3", "b4", "notes", "running"])
                let report = try #require(
                    try JSONSerialization.jsonObject(with: Data(real.stdout.utf8)) as? [String: Any])
                #expect((report["removed"] as? [Any])?.count == 2)
                let inUse = (report["kept"] as? [[String: Any]] ?? []).filter { $0["in_use"] as? Bool == true }
                #expect(inUse.compactMap { $0["path"] as? String }.sorted() == [folder + "/b2", folder + "/running"])
                reading.release()
                // Once its run is gone, the same folder is a leftover like any other.
                running.release()
                let after = try DBOpsProcess.run(["backup", "prune", folder, "--keep", "2"])
                #expect(after.exitCode == 0 && !FileManager.default.fileExists(atPath: folder + "/running"), "\(after)")
                #expect(!FileManager.default.fileExists(atPath: folder + "/b2"), "and the one read meanwhile")
                // A second backup told a folder a running one holds is refused by name.
                try FileManager.default.createDirectory(atPath: folder + "/busy", withIntermediateDirectories: true)
                let busy = try #require(try FolderClaim(folder + "/busy"))
                defer { busy.release() }
                let second = try DBOpsProcess.run(
                    ["backup", "-o", folder + "/busy"], environment: ["DBOPS_URL": try source.url])
                #expect(second.exitCode == 1 && second.stderr.contains("another backup is writing into"), "\(second)")
                #expect(try FileManager.default.contentsOfDirectory(atPath: folder + "/busy").isEmpty)

                let bad = try DBOpsProcess.run(["backup", "prune", folder])
                #expect(bad.exitCode == 64)
                let age = try DBOpsProcess.run(["backup", "prune", folder, "--older-than", "1d"])
                #expect(age.exitCode == 0)
                #expect(
                    Set(try FileManager.default.contentsOfDirectory(atPath: folder)) == ["b3", "b4", "notes", "busy"])
            }
        }
    }

    @Test(
        "prune keeps per database: several databases in one folder each keep their newest; order to the fraction of a second"
    )
    func prunePerDatabase() throws {
        try ScratchDatabase.with(.postgres, prefix: "prna") { a in
            try ScratchDatabase.with(.postgres, prefix: "prnb") { b in
                try ScratchDatabase.with(.mysql, prefix: "prnc") { c in
                    for scratch in [a, b, c] {
                        let connection = try scratch.connect()
                        try connection.executeScript("CREATE TABLE t (id int PRIMARY KEY); INSERT INTO t VALUES (1)")
                        connection.close()
                    }
                    try withTemporaryDirectory { folder in
                        // Three of a, taken within the same second or two: the newest by
                        // completion time, not by a coin toss among equal seconds.
                        for i in 1...3 {
                            _ = try BackupRunner.run(try a.config, options: BackupOptions(output: "\(folder)/a\(i)"))
                        }
                        _ = try BackupRunner.run(try b.config, options: BackupOptions(output: "\(folder)/b1"))
                        _ = try BackupRunner.run(try c.config, options: BackupOptions(output: "\(folder)/c1"))
                        let result = try DBOpsProcess.run([
                            "backup", "prune", folder, "--keep", "1", "--format", "json",
                        ])
                        #expect(result.exitCode == 0, "\(result)")
                        #expect(
                            Set(try FileManager.default.contentsOfDirectory(atPath: folder)) == ["a3", "b1", "c1"],
                            "each database keeps its newest; a's two older ones go")
                    }
                }
            }
        }
    }

    @Test(
        "backup -o into a folder whose parent does not exist fails and creates nothing; prune of a missing folder is refused"
    )
    func missingParents() throws {
        try ScratchDatabase.with(.postgres, prefix: "noparent") { scratch in
            try withTemporaryDirectory { folder in
                let target = folder + "/not-mounted/backups/x"
                let result = try DBOpsProcess.run(
                    ["backup", "-o", target], environment: ["DBOPS_URL": try scratch.url])
                #expect(result.exitCode == 1, "\(result)")
                #expect(result.stderr.contains("does not exist"))
                #expect(!FileManager.default.fileExists(atPath: folder + "/not-mounted"), "no parent was created")
            }
        }
        let prune = try DBOpsProcess.run(["backup", "prune", "/nonexistent/dbops-backups", "--keep", "3"])
        #expect(prune.exitCode == 64, "\(prune)")
    }
}

/// The result a background run hands back.
final class ResultBox: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: DBOpsProcess.Result?
    func set(_ result: DBOpsProcess.Result) { lock.withLock { stored = result } }
    var value: DBOpsProcess.Result? { lock.withLock { stored } }
}
