@testable import Backup
import Crypto
import DBCore
import Foundation
import Testing
import TestSupport

/// `backup prune --keep-daily/--keep-weekly/--keep-monthly`: the newest backup of each of
/// the last days, ISO weeks and months that have one, per database; and --remove-database,
/// the one way a database's last backup goes.
@Suite("Backup retention schedules")
struct RetentionTests {
    static func date(_ text: String) -> Date { ISO8601DateFormatter().date(from: text)! }

    /// Sunday 15 March 2026 and back: two on the 15th, one each on the 14th and 10th
    /// (ISO week 11), the 2nd (week 10), 20 February, 5 January.
    static let history: [(name: String, at: String)] = [
        ("a", "2026-03-15T10:00:00Z"), ("b", "2026-03-15T08:00:00Z"), ("c", "2026-03-14T09:00:00Z"),
        ("d", "2026-03-10T09:00:00Z"), ("e", "2026-03-02T09:00:00Z"), ("f", "2026-02-20T09:00:00Z"),
        ("g", "2026-01-05T09:00:00Z"),
    ]

    @Test("the schedule keeps the newest of each of the last days, weeks and months that have a backup")
    func schedule() {
        let times = Self.history.map { Self.date($0.at) }
        func kept(_ schedule: RetentionSchedule) -> [String] {
            schedule.kept(newestFirst: times).sorted().map { Self.history[$0].name }
        }
        #expect(kept(RetentionSchedule(daily: 2)) == ["a", "c"])
        #expect(kept(RetentionSchedule(weekly: 2)) == ["a", "e"])
        #expect(kept(RetentionSchedule(monthly: 2)) == ["a", "f"])
        #expect(kept(RetentionSchedule(daily: 2, weekly: 2, monthly: 2)) == ["a", "c", "e", "f"])
        #expect(kept(RetentionSchedule(monthly: 12)) == ["a", "f", "g"], "days without backups use no slot")
        #expect(kept(RetentionSchedule(daily: 100)) == ["a", "c", "d", "e", "f", "g"])
        #expect(RetentionSchedule().kept(newestFirst: times).isEmpty)
    }

    @Test("A removal cut short leaves a leftover that reads as incomplete, never a complete-looking backup")
    func removalCutShort() throws {
        try ScratchDatabase.with(.postgres, prefix: "cut") { source in
            let connection = try source.connect()
            try connection.executeScript("CREATE TABLE t (id INT); INSERT INTO t SELECT generate_series(1, 100)")
            connection.close()
            try withTemporaryDirectory { folder in
                for name in ["old", "new"] {
                    _ = try BackupRunner.run(try source.config, options: BackupOptions(output: folder + "/" + name))
                }
                struct Killed: Error {}
                // The prune dies once the first data file is gone (kill -9 mid-way through
                // gigabytes): the manifest had gone first.
                #expect(throws: DBError.self) {
                    try BackupPrune.remove(folder + "/old", dryRun: false) { path in
                        let data = path + "/data"
                        if let first = try FileManager.default.contentsOfDirectory(atPath: data).sorted().first {
                            try FileManager.default.removeItem(atPath: data + "/" + first)
                        }
                        throw Killed()
                    }
                }
                #expect(!FileManager.default.fileExists(atPath: folder + "/old/manifest.json"))
                let verify = try DBOpsProcess.run(["verify", folder + "/old"])
                #expect(verify.exitCode == 1 && verify.stderr.contains("incomplete backup"), "\(verify)")
                // The next prune takes it for the leftover it is, and the whole one stays.
                let report = try BackupPrune.run(PruneOptions(directory: folder, keep: 1, incompleteOlderThan: 0))
                #expect(report.removed.map(\.path) == [folder + "/old"], "\(report.removed)")
                #expect(report.kept.map(\.path) == [folder + "/new"], "\(report.kept)")
                #expect(!FileManager.default.fileExists(atPath: folder + "/old"))
            }
        }
    }

    @Test("prune with a schedule on real backups, per database; --remove-database takes even the last one")
    func prune() throws {
        try ScratchDatabase.with(.postgres, prefix: "ret") { source in
            let connection = try source.connect()
            try connection.executeScript("CREATE TABLE t (id int PRIMARY KEY); INSERT INTO t VALUES (1)")
            connection.close()
            try ScratchDatabase.with(.mysql, prefix: "ret") { other in
                try withTemporaryDirectory { folder in
                    let original = folder + "/original"
                    _ = try BackupRunner.run(try source.config, options: BackupOptions(output: original))
                    // The same backup as if taken at each time of the history: its manifest's
                    // times changed and its checksum made again, so it is as valid as the first.
                    for (name, at) in Self.history {
                        try FileManager.default.copyItem(atPath: original, toPath: folder + "/" + name)
                        try Self.redate(folder + "/" + name, to: Self.date(at))
                    }
                    try FileManager.default.removeItem(atPath: original)
                    _ = try BackupRunner.run(try other.config, options: BackupOptions(output: folder + "/other"))

                    let dry = try DBOpsProcess.run([
                        "backup", "prune", folder, "--keep-daily", "2", "--keep-weekly", "2", "--keep-monthly", "2",
                        "--dry-run",
                    ])
                    #expect(dry.exitCode == 0, "\(dry)")
                    #expect(Set(try FileManager.default.contentsOfDirectory(atPath: folder)).count == 8)
                    let real = try DBOpsProcess.run([
                        "backup", "prune", folder, "--keep-daily", "2", "--keep-weekly", "2", "--keep-monthly", "2",
                        "--format", "json",
                    ])
                    #expect(real.exitCode == 0, "\(real)")
                    #expect(
                        Set(try FileManager.default.contentsOfDirectory(atPath: folder))
                            == ["a", "c", "e", "f", "other"])
                    let verify = try DBOpsProcess.run(["verify", folder + "/c"])
                    #expect(verify.exitCode == 0, "what is kept is whole: \(verify)")

                    let named = try DBOpsProcess.run(["backup", "prune", folder, "--remove-database", other.name])
                    #expect(named.exitCode == 0, "\(named)")
                    #expect(
                        Set(try FileManager.default.contentsOfDirectory(atPath: folder)) == ["a", "c", "e", "f"],
                        "the named database's last backup goes; the others' untouched")
                    for bad in [["--keep-daily", "-1"], ["--keep-weekly", "x"], ["--keep-monthly", "100001"]] {
                        let refused = try DBOpsProcess.run(["backup", "prune", folder] + bad)
                        #expect(refused.exitCode == 64 && refused.stderr.contains(bad[0]), "\(refused)")
                    }
                }
            }
        }
    }

    @Test("A backup dated ahead of the clock is kept apart: it never pushes out, or stands in for, the newest real one")
    func aheadOfTheClock() throws {
        try Self.withBackup { folder, original in
            let now = Date()
            // Made on a host whose clock ran a year fast; then yesterday's and today's.
            for (name, at) in [
                ("fast", now.addingTimeInterval(365 * 86_400)), ("yesterday", now.addingTimeInterval(-86_400)),
                ("today", now.addingTimeInterval(-60)),
            ] {
                try FileManager.default.copyItem(atPath: original, toPath: folder + "/" + name)
                try Self.redate(folder + "/" + name, to: at)
            }
            try FileManager.default.removeItem(atPath: original)
            let pruned = try DBOpsProcess.run(["backup", "prune", folder, "--keep", "1", "--format", "json"])
            #expect(pruned.exitCode == 0, "\(pruned)")
            #expect(Set(try FileManager.default.contentsOfDirectory(atPath: folder)) == ["fast", "today"])
            #expect(
                pruned.stderr.contains("\(folder)/fast says it was completed at")
                    && pruned.stderr.contains("after this machine's clock"), "\(pruned.stderr)")
            let report = try JSONSerialization.jsonObject(with: Data(pruned.stdout.utf8)) as? [String: Any]
            #expect((report?["warnings"] as? [String])?.count == 1, "\(pruned.stdout)")
            #expect(try JSONSchemaCheck.problems(pruned.stdoutData).isEmpty)
            #expect(try RestoreDrill.newest(in: folder) == [folder + "/today"], "a tree's drill proves today's")
        }
    }

    /// A backup whose manifest was damaged after it completed (bit rot, a careless edit)
    /// counted as the newest when its JSON still read, so under --keep 1 every whole backup
    /// before it went; and when it no longer read, it was cleared away as a leftover.
    @Test("A backup whose manifest was damaged is kept and named, neither the newest nor a leftover")
    func damagedManifestKeptApart() throws {
        try Self.withBackup { folder, original in
            let now = Date()
            for (name, ago) in [("oldest", 3 * 86_400.0), ("older", 2 * 86_400.0), ("cut", 86_400.0), ("rotted", 60.0)]
            {
                try FileManager.default.copyItem(atPath: original, toPath: folder + "/" + name)
                try Self.redate(folder + "/" + name, to: now.addingTimeInterval(-ago))
            }
            try FileManager.default.removeItem(atPath: original)
            // Still JSON, a later time in it, its checksum the old one's.
            let checksum = try Data(contentsOf: URL(fileURLWithPath: folder + "/rotted/manifest.sha256"))
            try Self.redate(folder + "/rotted", to: now.addingTimeInterval(-30))
            try checksum.write(to: URL(fileURLWithPath: folder + "/rotted/manifest.sha256"))
            // Cut in half, in a folder last changed days ago, as a leftover's would be.
            let manifest = try Data(contentsOf: URL(fileURLWithPath: folder + "/cut/manifest.json"))
            try manifest.prefix(manifest.count / 2).write(to: URL(fileURLWithPath: folder + "/cut/manifest.json"))
            try FileManager.default.setAttributes(
                [.modificationDate: now.addingTimeInterval(-3 * 86_400)], ofItemAtPath: folder + "/cut")

            let pruned = try DBOpsProcess.run(["backup", "prune", folder, "--keep", "1", "--format", "json"])
            #expect(pruned.exitCode == 0, "\(pruned)")
            #expect(Set(try FileManager.default.contentsOfDirectory(atPath: folder)) == ["older", "cut", "rotted"])
            #expect(try JSONSchemaCheck.problems(pruned.stdoutData).isEmpty)
            let report = try JSONSerialization.jsonObject(with: pruned.stdoutData) as? [String: Any]
            let damaged = (report?["kept"] as? [[String: Any]] ?? []).filter { $0["damaged"] as? Bool == true }
            #expect(Set(damaged.compactMap { $0["path"] as? String }) == [folder + "/cut", folder + "/rotted"])
            for name in ["cut", "rotted"] {
                #expect(pruned.stderr.contains("\(folder)/\(name) is damaged ("), "\(pruned.stderr)")
            }
            #expect(pruned.stderr.contains("does not match manifest.sha256"), "\(pruned.stderr)")
        }
    }

    /// Backups of a database a restore into had failed (it holds the restore marker) are
    /// partial: under --keep 1 the first of them took the newest's place, and every whole
    /// backup before it went. They are ranked apart, each kind keeping its own newest.
    @Test("Backups taken while the database held the restore marker do not push out its whole backups")
    func partialBackupsRankedApart() throws {
        try ScratchDatabase.with(.postgres, prefix: "retp") { source in
            try withTemporaryDirectory { folder in
                let connection = try source.connect()
                defer { connection.close() }
                try connection.executeScript("CREATE TABLE t (id int PRIMARY KEY); INSERT INTO t VALUES (1)")
                for name in ["whole1", "whole2"] {
                    _ = try BackupRunner.run(try source.config, options: BackupOptions(output: folder + "/" + name))
                }
                // What a restore killed half-way leaves in the database.
                try connection.executeScript("CREATE TABLE _dbops_restore_incomplete (started_at timestamptz)")
                for name in ["partial1", "partial2"] {
                    _ = try BackupRunner.run(try source.config, options: BackupOptions(output: folder + "/" + name))
                }
                let pruned = try DBOpsProcess.run(["backup", "prune", folder, "--keep", "1", "--format", "json"])
                #expect(pruned.exitCode == 0, "\(pruned)")
                #expect(Set(try FileManager.default.contentsOfDirectory(atPath: folder)) == ["whole2", "partial2"])
                let report = try JSONSerialization.jsonObject(with: Data(pruned.stdout.utf8)) as? [String: Any]
                let warnings = report?["warnings"] as? [String] ?? []
                #expect(
                    warnings.count == 1 && warnings[0].contains("2 backup(s) of")
                        && warnings[0].contains("_dbops_restore_incomplete"), "\(warnings)")
                #expect(try JSONSchemaCheck.problems(pruned.stdoutData).isEmpty)
                // A tree's drill and a whole-server restore take the whole one, which a
                // restore would not refuse.
                #expect(try RestoreDrill.newest(in: folder) == [folder + "/whole2"])
                let plan = try ServerRestore.plan(folder, engine: .postgres, databases: [])
                #expect(plan.databases.map(\.backup) == [folder + "/whole2"] && plan.partial.isEmpty)
            }
        }
    }

    /// An hourly backup of one hot table, taken after the nightly whole one, was its
    /// database's newest: `prune --keep 1` removed every whole backup, and a whole-server
    /// restore made the database of that table alone, exit 0.
    @Test("Backups of chosen tables or the schema alone are ranked apart: the whole one stays, and is what is restored")
    func selectiveBackupsRankedApart() throws {
        try ScratchDatabase.with(.postgres, prefix: "rets") { source in
            try withTemporaryDirectory { folder in
                let connection = try source.connect()
                defer { connection.close() }
                try connection.executeScript(
                    "CREATE TABLE hot (id int PRIMARY KEY); CREATE TABLE cold (id int PRIMARY KEY); INSERT INTO cold VALUES (1)"
                )
                let backups: [(String, (inout BackupOptions) -> Void)] = [
                    ("whole1", { _ in }), ("whole2", { _ in }), ("hot1", { $0.include = ["hot"] }),
                    ("hot2", { $0.include = ["hot"] }), ("schema", { $0.schemaOnly = true }),
                ]
                for (name, choose) in backups {
                    var options = BackupOptions(output: folder + "/" + name)
                    choose(&options)
                    _ = try BackupRunner.run(try source.config, options: options)
                }
                let pruned = try DBOpsProcess.run(["backup", "prune", folder, "--keep", "1"])
                #expect(pruned.exitCode == 0, "\(pruned)")
                #expect(
                    Set(try FileManager.default.contentsOfDirectory(atPath: folder)) == ["whole2", "hot2", "schema"])
                #expect(
                    try RestoreDrill.newest(in: folder) == [folder + "/whole2"], "a tree's drill proves the whole one")
                let database = try #require(try source.config.database)
                let plan = try ServerRestore.plan(folder, engine: .postgres, databases: [])
                #expect(plan.databases.map(\.backup) == [folder + "/whole2"] && plan.partial.isEmpty)
                // With no whole backup left, the newest of the others, said.
                try FileManager.default.removeItem(atPath: folder + "/whole2")
                let rest = try ServerRestore.plan(folder, engine: .postgres, databases: [])
                #expect(rest.databases.map(\.backup) == [folder + "/schema"])
                #expect(
                    rest.partial.count == 1 && rest.partial[0].hasPrefix("\(database): ")
                        && rest.partial[0].contains("(--schema-only)"), "\(rest.partial)")
            }
        }
    }

    /// A folder holding one backup, at `original`, of a one-row database.
    static func withBackup(_ body: (_ folder: String, _ original: String) throws -> Void) throws {
        try ScratchDatabase.with(.postgres, prefix: "ret") { source in
            let connection = try source.connect()
            try connection.executeScript("CREATE TABLE t (id int PRIMARY KEY); INSERT INTO t VALUES (1)")
            connection.close()
            try withTemporaryDirectory { folder in
                let original = folder + "/original"
                _ = try BackupRunner.run(try source.config, options: BackupOptions(output: original))
                try body(folder, original)
            }
        }
    }

    /// Sets a backup's creation and completion time, re-hashing its manifest.
    static func redate(_ directory: String, to date: Date) throws {
        let path = directory + "/manifest.json"
        var manifest = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any])
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        manifest["created_at"] = formatter.string(from: date.addingTimeInterval(-1))
        manifest["completed_at"] = formatter.string(from: date)
        let data = try JSONSerialization.data(withJSONObject: manifest, options: [.sortedKeys, .prettyPrinted])
        try data.write(to: URL(fileURLWithPath: path))
        let sum = SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
        try Data("\(sum)  manifest.json\n".utf8).write(to: URL(fileURLWithPath: directory + "/manifest.sha256"))
    }
}
