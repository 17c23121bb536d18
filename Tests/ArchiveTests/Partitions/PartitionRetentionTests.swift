@testable import Archive
import Backup
import DBCore
import Foundation
import Testing
import TestSupport

@Suite("Partition retention on real servers", .serialized)
struct PartitionRetentionTests {
    @Test("Retention cutoffs step back whole months and years, clamping the day")
    func cutoffs() throws {
        let now = CivilTime(year: 2026, month: 3, day: 31, hour: 12)
        #expect(
            PartitionRetention(parsing: "1 month")?.cutoff(from: now)
                == CivilTime(year: 2026, month: 2, day: 28, hour: 12))
        #expect(
            PartitionRetention(parsing: "2 years")?.cutoff(from: now)
                == CivilTime(year: 2024, month: 3, day: 31, hour: 12))
        #expect(
            PartitionRetention(parsing: "15 months")?.cutoff(from: now)
                == CivilTime(year: 2024, month: 12, day: 31, hour: 12))
        #expect(
            PartitionRetention(parsing: "30d")?.cutoff(from: now) == CivilTime(year: 2026, month: 3, day: 1, hour: 12))
        #expect(PartitionRetention(parsing: "two years") == nil && PartitionRetention(parsing: "0 days") == nil)
    }

    /// events partitioned by year, from `year - 4` to `year`, `perYear` rows in each.
    static func makeEvents(_ connection: DatabaseConnection, year: Int, perYear: Int) throws {
        let years = Array((year - 4)...year)
        switch connection.engine {
        case .postgres:
            var script = """
                CREATE TABLE events (id bigint GENERATED ALWAYS AS IDENTITY, at timestamptz NOT NULL, kind text,
                                     PRIMARY KEY (id, at)) PARTITION BY RANGE (at);
                CREATE INDEX events_kind ON events (kind, at);
                """
            for y in years {
                script +=
                    "CREATE TABLE events_\(y) PARTITION OF events FOR VALUES FROM ('\(y)-01-01 00:00:00+00') TO ('\(y + 1)-01-01 00:00:00+00');\n"
            }
            try connection.executeScript(script)
        case .mysql:
            let parts = years.map { "PARTITION p\($0) VALUES LESS THAN ('\($0 + 1)-01-01')" }.joined(separator: ", ")
            try connection.executeScript(
                """
                CREATE TABLE events (id BIGINT AUTO_INCREMENT, at DATETIME NOT NULL, kind VARCHAR(20), PRIMARY KEY (id, at), KEY events_kind (kind, at))
                PARTITION BY RANGE COLUMNS (at) (\(parts), PARTITION pmax VALUES LESS THAN (MAXVALUE))
                """)
        }
        for y in years {
            for n in 0..<perYear {
                try connection.execute(
                    "INSERT INTO events (at, kind) VALUES (\(connection.engine == .postgres ? "$1::timestamptz, $2" : "?, ?"))",
                    [.text("\(y)-0\(1 + n % 9)-1\(n % 10) 10:00:00"), .text("k\(n) \u{1F600}")])
            }
        }
    }

    static func count(_ connection: DatabaseConnection, year: Int) throws -> Int {
        Int(
            try connection.scalar(
                "SELECT COUNT(*) FROM events WHERE at >= '\(year)-01-01' AND at < '\(year + 1)-01-01'") ?? "") ?? -1
    }

    @Test(
        "A table an application holds throughout fails alone: the other rules still run, the report keeps what was done and names the holder",
        arguments: Engine.allCases)
    func heldThroughout(_ engine: Engine) throws {
        // MariaDB's ALTERs do not wait while a transaction of the server is old: this one's
        // holder would turn other tests' partition changes to no-wait ones, so it runs on the
        // solo server, alone.
        // With MariaDB's metadata_lock_info plugin loaded, the holder itself is named too.
        guard engine == .mysql else { return try heldThroughout(engine, solo: false) }
        try SoloServer.exclusively(.mysql) {
            try heldThroughout(engine, solo: true)
            try SoloServer.withMetadataLockInfo { try heldThroughout(engine, solo: true, lockInfo: true) }
        }
    }

    func heldThroughout(_ engine: Engine, solo: Bool, lockInfo: Bool = false) throws {
        try ScratchDatabase.with(engine, prefix: "parth", solo: solo) { scratch in
            let setup = try scratch.connect()
            let year = try PartitionTests.currentYear(setup)
            try Self.makeEvents(setup, year: year, perYear: 3)
            try setup.executeScript(
                engine == .postgres
                    ? "CREATE TABLE audit (at timestamptz NOT NULL) PARTITION BY RANGE (at); CREATE TABLE audit_\(year) PARTITION OF audit FOR VALUES FROM ('\(year)-01-01 00:00:00+00') TO ('\(year + 1)-01-01 00:00:00+00')"
                    : "CREATE TABLE audit (at DATETIME NOT NULL) PARTITION BY RANGE COLUMNS (at) (PARTITION p\(year) VALUES LESS THAN ('\(year + 1)-01-01'))"
            )
            setup.close()
            // The application keeps a row of this year locked in a transaction for the whole
            // run: PostgreSQL's DETACH of an old year needs the whole table, and so does
            // every MariaDB ALTER of it.
            let holder = try scratch.connect()
            defer { holder.close() }
            if engine == .postgres { try holder.execute("SET application_name = 'shop-api'") }
            try holder.execute(engine == .postgres ? "BEGIN" : "START TRANSACTION")
            _ = try holder.scalar("SELECT id FROM events WHERE at >= '\(year)-01-01' ORDER BY id LIMIT 1 FOR UPDATE")
            let session = try holder.scalar(engine == .postgres ? "SELECT pg_backend_pid()" : "SELECT CONNECTION_ID()")
            // Older than the 1 s lock timeout in whole seconds too: INNODB_TRX's trx_started
            // and NOW() have no fraction, so 1.5 s may read as 1 (the rules run in name
            // order, and audit's came first).
            Thread.sleep(forTimeInterval: 2.5)
            try withTemporaryDirectory { folder in
                let path = folder + "/dbops.toml"
                try """
                [partitions.rules.events]
                table = "events"
                interval = "yearly"
                time_zone = "UTC"
                retention = "2 years"

                [partitions.rules.audit]
                table = "audit"
                interval = "yearly"
                time_zone = "UTC"
                """.write(toFile: path, atomically: true, encoding: .utf8)
                let result = try DBOpsProcess.run(
                    [
                        "partitions", "--no-builtin", "--lock-timeout", "1s", "--retention-dir", folder + "/retired",
                        "--format", "json",
                    ], environment: ["DBOPS_URL": try scratch.url, "DBOPS_CONFIG": path], timeout: 180)
                #expect(result.exitCode == 1, "\(result)")
                let report = try #require(
                    try JSONSerialization.jsonObject(with: result.stdoutData) as? [String: Any], "\(result)")
                let tables = try #require(report["tables"] as? [[String: Any]])
                let byName = Dictionary(uniqueKeysWithValues: tables.map { ($0["table"] as? String ?? "", $0) })
                let events = try #require(byName["events"])
                let audit = try #require(byName["audit"])
                let eventsProblem = (events["problems"] as? [String])?.first ?? ""
                #expect(eventsProblem.hasPrefix("gave up waiting for a lock"), "\(events)")
                #expect((events["retired"] as? [Any])?.isEmpty == true)
                #expect((events["due"] as? [String])?.count == 2, "still past retention: \(events)")
                if engine == .postgres {
                    // Named, with what it holds: the server's own message names nobody.
                    #expect(
                        eventsProblem.contains("held by session \(session ?? "")")
                            && eventsProblem.contains("application shop-api") && eventsProblem.contains("RowShareLock"),
                        "\(eventsProblem)")
                    // The premake needs no lock the holder has, and the other rule ran whole.
                    #expect((events["created"] as? [String])?.count == 2, "\(events)")
                    #expect((audit["created"] as? [String])?.count == 2, "\(audit)")
                    #expect((audit["problems"] as? [String])?.isEmpty == true, "\(audit)")
                } else {
                    // MariaDB cannot name a metadata lock's holder: the oldest transactions.
                    #expect(eventsProblem.contains("the table is in use"), "\(eventsProblem)")
                    #expect(
                        eventsProblem.contains("oldest, this database's sessions first: session \(session ?? "")"),
                        "\(eventsProblem)")
                    if lockInfo {
                        // Its shared metadata lock on events, which the ALTER needed whole.
                        #expect(
                            eventsProblem.contains("held by session \(session ?? "")")
                                && eventsProblem.contains("MDL_SHARED_WRITE"), "\(eventsProblem)")
                    } else {
                        #expect(!eventsProblem.contains("held by"), "\(eventsProblem)")
                    }
                    // An old transaction on events does not stop audit's ALTER (it stopped
                    // every table's): tried without waiting, it had audit at once.
                    #expect((audit["created"] as? [String])?.count == 2, "\(audit)")
                    #expect((audit["problems"] as? [String])?.isEmpty == true, "\(audit)")
                }
                #expect(result.stderr.contains("gave up waiting for a lock"), "\(result.stderr)")
            }
            try holder.execute("ROLLBACK")
            let check = try scratch.connect()
            defer { check.close() }
            #expect(try Self.count(check, year: year - 4) == 3, "nothing retired while held")
        }
    }

    @Test(
        "Partitions past retention are dumped to verified files, then dropped; an interrupted run is finished",
        arguments: Engine.allCases)
    func retention(_ engine: Engine) throws {
        try ScratchDatabase.with(engine, prefix: "ret") { scratch in
            let connection = try scratch.connect()
            defer { connection.close() }
            let year = try PartitionTests.currentYear(connection)
            try Self.makeEvents(connection, year: year, perYear: 12)
            let rule = PartitionRule(
                name: "events", table: "events", column: "at", premake: 0, timeZone: "UTC",
                retention: PartitionRetention(parsing: "2 years"))
            let name = { (y: Int) in engine == .postgres ? "events_\(y)" : "p\(y)" }
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
                "dbops-retention-\(UUID().uuidString)"
            ).path
            defer { try? FileManager.default.removeItem(atPath: directory) }

            // --check: the two oldest years are due; a warning until they are retired.
            let check = try PartitionRunner.run(
                scratch.config, label: "t", options: PartitionTests.options(rule, check: true))
            #expect(check.tables[0].due == [name(year - 4), name(year - 3)])
            #expect(check.status == .warning)
            let config = directory + ".toml"
            defer { try? FileManager.default.removeItem(atPath: config) }
            try """
            [partitions.rules.events]
            table = "events"
            premake = 0
            time_zone = "UTC"
            retention = "2 years"
            """.write(toFile: config, atomically: true, encoding: .utf8)
            let cli = try DBOpsProcess.run(
                ["partitions", "--check", "--no-builtin"],
                environment: ["DBOPS_URL": try scratch.url, "DBOPS_CONFIG": config])
            #expect(cli.exitCode == 1, "\(cli)")
            #expect(
                cli.stdout.contains("past the retention of 2 years: \(name(year - 4)), \(name(year - 3))"),
                "\(cli.stdout)")
            let refused = try DBOpsProcess.run(
                ["partitions", "--no-builtin"], environment: ["DBOPS_URL": try scratch.url, "DBOPS_CONFIG": config])
            #expect(refused.exitCode == 1 && refused.stderr.contains("--retention-dir"), "\(refused)")

            var dryOptions = PartitionTests.options(rule)
            dryOptions.maintenance.dryRun = true
            let dry = try PartitionRunner.run(scratch.config, label: "t", options: dryOptions)
            #expect(
                dry.tables[0].statements.joined().contains(
                    engine == .postgres ? "DETACH PARTITION" : "EXCHANGE PARTITION"))
            #expect(try Self.count(connection, year: year - 4) == 12, "a dry run changes nothing")

            // Without a directory to dump to, nothing is dropped.
            #expect(throws: DBError.self) {
                try PartitionRunner.run(scratch.config, label: "t", options: PartitionTests.options(rule))
            }
            #expect(try Self.count(connection, year: year - 4) == 12)

            // An earlier run was killed after setting the oldest year aside (and, on MySQL,
            // while the next one's holding table was created but not yet filled), and it left
            // a dump cut short (no manifest).
            let partitionEngine: PartitionEngine =
                engine == .postgres
                ? PostgresPartitionEngine(connection) : MySQLPartitionEngine(connection, lockTimeout: 2)
            let layout = try #require(try partitionEngine.layout(rule).0)
            let oldest = try #require(layout.parts.first { $0.name == name(year - 4) })
            let held = try partitionEngine.setAside(oldest, of: layout, rule)
            if engine == .mysql {
                try connection.executeScript("CREATE TABLE dbops_retired_events_p\(year - 3) LIKE events")
            }
            try FileManager.default.createDirectory(
                atPath: directory + "/\(scratch.name).\(held)-20200101T000000-000000Z",
                withIntermediateDirectories: true)
            // And, killed before a drop, another left a complete dump of the table set aside:
            // the finishing run's own dump supersedes it, so its rows lie in one file only.
            try VerifiedDump.write(
                [.init(schema: layout.schema, name: held, rows: 12)], of: scratch.config,
                to: directory + "/\(scratch.name).\(held)-20200101T000001-000000Z", zstdLevel: 3, keeping: "")
            #expect(try Self.count(connection, year: year - 4) == 0, "set aside: out of the table")

            var options = PartitionTests.options(rule)
            options.retentionDirectory = directory
            let report = try PartitionRunner.run(scratch.config, label: "t", options: options)
            let retired = report.tables[0].retired
            #expect(retired.map(\.partition) == [name(year - 4), name(year - 3)])
            #expect(retired.allSatisfy { $0.rows == 12 })
            #expect(report.status == .ok && report.tables[0].due.isEmpty)
            #expect(!report.tables[0].partitions.contains { $0.name == name(year - 4) || $0.name == name(year - 3) })
            #expect(try Self.count(connection, year: year - 3) == 0)
            #expect(
                try Self.count(connection, year: year - 2) == 12 && Self.count(connection, year: year) == 12,
                "younger years stay")
            let leftovers = try connection.named(.catalogTables).rows.compactMap { $0["table_name"] }.filter {
                $0.hasPrefix("dbops_retired") || $0.hasPrefix("events_\(year - 4)")
            }
            #expect(leftovers.isEmpty, "\(leftovers)")
            let files = try FileManager.default.contentsOfDirectory(atPath: directory)
            #expect(files.count == 2, "the cut-short dump and the superseded one were removed: \(files)")

            // Each file is a verified backup that restores the rows, 4-byte characters and all.
            for entry in retired {
                _ = try BackupVerifier.verify(entry.file)
                try ScratchDatabase.with(engine, prefix: "retr") { target in
                    let restored = try DBOpsProcess.run(
                        ["restore", entry.file], environment: ["DBOPS_URL": try target.url])
                    #expect(restored.exitCode == 0, "\(restored)")
                    let back = try target.connect()
                    defer { back.close() }
                    #expect(
                        try back.scalar(
                            "SELECT COUNT(*) FROM \(back.dialect.quote(entry.heldIn)) WHERE kind LIKE '%\u{1F600}'")
                            == "12")
                }
            }

            let again = try PartitionRunner.run(scratch.config, label: "t", options: options)
            #expect(again.tables[0].retired.isEmpty && again.status == .ok, "nothing left to retire")

            // A retired partition's file restored with --table beside the table it came from
            // stays there: its rows were taken for a partition still waiting, dumped again in
            // place of the file and dropped.
            let first = try #require(retired.first)
            let back = try DBOpsProcess.run(
                ["restore", first.file, "--table", first.heldIn], environment: ["DBOPS_URL": try scratch.url])
            #expect(back.exitCode == 0, "\(back)")
            let after = try PartitionRunner.run(scratch.config, label: "t", options: options)
            #expect(after.tables[0].retired.isEmpty, "\(after.tables[0].retired)")
            #expect(try connection.scalar("SELECT COUNT(*) FROM \(connection.dialect.quote(first.heldIn))") == "12")
            #expect(FileManager.default.fileExists(atPath: first.file), "the file stays")
        }
    }

    @Test(
        "MySQL: a set-aside table belongs to the table its mark names, not to whichever table's name begins its own; a table named near 64 characters retires"
    )
    func setAsideOwnership() throws {
        try ScratchDatabase.with(.mysql, prefix: "reto") { scratch in
            let connection = try scratch.connect()
            defer { connection.close() }
            let year = try PartitionTests.currentYear(connection)
            try Self.makeEvents(connection, year: year, perYear: 2)
            let long = "events_" + String(repeating: "\u{E9}", count: 57)
            for table in ["events_archive", long] {
                try connection.executeScript(
                    "CREATE TABLE `\(table)` LIKE events; INSERT INTO `\(table)` SELECT * FROM events")
            }
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
                "dbops-retention-\(UUID().uuidString)"
            ).path
            defer { try? FileManager.default.removeItem(atPath: directory) }
            let engine = MySQLPartitionEngine(connection, lockTimeout: 2)
            func rule(_ table: String) -> PartitionRule {
                PartitionRule(
                    name: table, table: table, column: "at", premake: 0, timeZone: "UTC",
                    retention: PartitionRetention(parsing: "2 years"))
            }
            func retire(_ table: String) throws -> PartitionTableReport {
                var options = PartitionTests.options(rule(table))
                options.retentionDirectory = directory
                let report = try PartitionRunner.run(scratch.config, label: "t", options: options)
                #expect(report.status == .ok, "\(report)")
                return report.tables[0]
            }
            func rows(_ table: String) throws -> String? {
                try connection.scalar("SELECT COUNT(*) FROM \(connection.dialect.quote(table))")
            }
            let old = ["p\(year - 4)", "p\(year - 3)"]

            // events_archive's retention was killed after setting its oldest year aside; and a
            // table of the same kind of name holds rows without the mark (restored from a
            // retired partition's file, or set aside by a dbops that marked nothing).
            let layout = try #require(try engine.layout(rule("events_archive")).0)
            let marked = try engine.setAside(
                try #require(layout.parts.first { $0.name == old[0] }), of: layout, rule("events_archive"))
            #expect(marked == "dbops_retired_events_archive_\(old[0])")
            let unmarked = "dbops_retired_events_archive_\(old[1])"
            try connection.executeScript(
                """
                CREATE TABLE \(unmarked) LIKE events_archive;
                ALTER TABLE \(unmarked) REMOVE PARTITIONING;
                ALTER TABLE events_archive EXCHANGE PARTITION \(old[1]) WITH TABLE \(unmarked);
                ALTER TABLE events_archive DROP PARTITION \(old[1])
                """)

            // events' retention takes only its own partitions: both names begin with its
            // prefix, dbops_retired_events_, and it dumped and dropped them as its own.
            let events = try retire("events")
            #expect(events.retired.map(\.partition) == old, "\(events.retired)")
            #expect(events.retired.allSatisfy { $0.rows == 2 && $0.heldIn.hasPrefix("dbops_retired_events_p") })
            #expect(try rows(marked) == "2" && rows(unmarked) == "2", "events_archive's rows stay set aside")

            // events_archive's finishes the marked one, as the partition it holds; the
            // unmarked one is nobody's to drop.
            let archive = try retire("events_archive")
            #expect(archive.retired.map(\.partition) == [old[0]], "\(archive.retired)")
            #expect(archive.retired.map(\.heldIn) == [marked] && archive.retired.first?.rows == 2)
            #expect(try rows(unmarked) == "2")
            try connection.executeScript("DROP TABLE \(unmarked)")

            // A name too long for dbops_retired_<table>_<partition> (refused before): held
            // in a name of 64 characters, found again by its marker after a kill.
            let longLayout = try #require(try engine.layout(rule(long)).0)
            let held = try engine.setAside(
                try #require(longLayout.parts.first { $0.name == old[0] }), of: longLayout, rule(long))
            #expect(held.count <= 64 && held.hasPrefix("dbops_retired_events_\u{E9}"), "\(held)")
            let retiredLong = try retire(long)
            #expect(retiredLong.retired.map(\.partition) == old, "\(retiredLong.retired)")
            #expect(retiredLong.retired.first?.heldIn == held)
            for entry in retiredLong.retired {
                #expect(entry.rows == 2)
                _ = try BackupVerifier.verify(entry.file)
            }
            let leftovers = try connection.named(.catalogTables).rows.compactMap { $0["table_name"] }.filter {
                $0.hasPrefix("dbops_retired")
            }
            #expect(leftovers.isEmpty, "\(leftovers)")
        }
    }

    @Test(
        "A retention folder shared by a fleet keeps each server's retired partitions: a database of the same name on another server does not take them for its own",
        arguments: Engine.allCases)
    func sharedFolder(_ engine: Engine) throws {
        try ScratchDatabase.with(engine, prefix: "rets") { scratch in
            // The solo server stands for the other server; nothing server-wide changes on
            // it, but a test freezing it must not run meanwhile.
            try SoloServer.exclusively(engine) {
                let admin = try ScratchDatabase.admin(engine, solo: true)
                defer { admin.close() }
                try admin.executeScript("CREATE DATABASE \(admin.dialect.quote(scratch.name))")
                defer { try? admin.executeScript("DROP DATABASE \(admin.dialect.quote(scratch.name))") }
                let servers = [try scratch.config, try SoloServer.config(engine, database: scratch.name)]
                let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
                    "dbops-retention-\(UUID().uuidString)"
                ).path
                defer { try? FileManager.default.removeItem(atPath: directory) }
                let rule = PartitionRule(
                    name: "events", table: "events", column: "at", premake: 0, timeZone: "UTC",
                    retention: PartitionRetention(parsing: "2 years"))
                var options = PartitionTests.options(rule)
                options.retentionDirectory = directory
                // Someone's note beside the files, named like one: not a dump, left alone.
                let year = try PartitionTests.currentYear(admin)
                let note =
                    "\(scratch.name).\(engine == .postgres ? "events_" : "dbops_retired_events_p")\(year - 4)-notes.txt"
                try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
                try "kept".write(toFile: directory + "/" + note, atomically: false, encoding: .utf8)
                for (index, config) in servers.enumerated() {
                    let connection = try Database.connect(config)
                    defer { connection.close() }
                    try Self.makeEvents(
                        connection, year: try PartitionTests.currentYear(connection), perYear: 3 + index)
                    let report = try PartitionRunner.run(config, label: "t", options: options)
                    #expect(report.tables[0].retired.map(\.rows) == [Int64(3 + index), Int64(3 + index)], "\(report)")
                }
                // Same database, table and partition names: four files, each server's rows once.
                let files = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0 != note }
                #expect(files.count == 4, "\(files)")
                #expect(FileManager.default.fileExists(atPath: directory + "/" + note))
                let rows = try files.map { try BackupVerifier.verify(directory + "/" + $0).rows }
                #expect(rows.sorted() == [3, 3, 4, 4], "\(files)")
            }
        }
    }
}
