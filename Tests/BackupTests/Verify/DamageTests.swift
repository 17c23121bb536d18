import Backup
import Crypto
import DBCore
import Foundation
import Testing
import TestSupport

/// Incomplete, damaged and tampered backups are refused by verify and by restore, with one
/// line naming the file, and the target database is left untouched.
@Suite("Damaged backups")
struct DamageTests {
    /// A small database with a few tables, and a backup of it.
    func withBackup(_ engine: Engine, bundleBytes: Int64 = 1 << 20, _ body: (String) throws -> Void) throws {
        try ScratchDatabase.with(engine, prefix: "dmg") { source in
            let connection = try source.connect()
            let series = engine == .postgres ? "generate_series(1, 3000) g" : "seq_1_to_3000"
            let column = engine == .postgres ? "g" : "seq"
            try connection.executeScript(
                """
                CREATE TABLE t1 (id INT PRIMARY KEY, v TEXT);
                CREATE TABLE t2 (id INT PRIMARY KEY, w TEXT);
                INSERT INTO t1 SELECT \(column), CONCAT('value ', \(column)) FROM \(series);
                INSERT INTO t2 SELECT \(column), REPEAT('w', 100) FROM \(series);
                """)
            connection.close()
            try withTemporaryDirectory { folder in
                var options = BackupOptions(output: folder + "/b", jobs: 2, chunkBytes: 64 << 10)
                options.bundleBytes = bundleBytes
                _ = try BackupRunner.run(try source.config, options: options)
                try body(folder + "/b")
            }
        }
    }

    func copyBackup(_ path: String) throws -> String {
        let copy = path + "-\(UUID().uuidString.prefix(6))"
        try FileManager.default.copyItem(atPath: path, toPath: copy)
        return copy
    }

    func filesOf(_ backup: String) -> [String] {
        var files: [String] = ["manifest.json", "manifest.sha256"]
        for sub in ["schema", "data"] {
            for name in (try? FileManager.default.contentsOfDirectory(atPath: backup + "/" + sub)) ?? [] {
                files.append("\(sub)/\(name)")
            }
        }
        return files
    }

    @Test("Flipping one byte or truncating any file is caught by verify and by restore", arguments: Engine.allCases)
    func damage(_ engine: Engine) throws {
        try withBackup(engine) { backup in
            #expect(try DBOpsProcess.run(["verify", backup]).exitCode == 0)
            let files = filesOf(backup)
            // How many bundles the two small tables land in depends on which worker takes
            // which table; what matters is that schema and data are both damaged in turn.
            #expect(files.contains { $0.hasPrefix("schema/") } && files.contains { $0.hasPrefix("data/") }, "\(files)")
            try ScratchDatabase.with(engine, prefix: "dmgt") { target in
                for file in files {
                    for damage in ["flip", "truncate"] {
                        let copy = try copyBackup(backup)
                        defer { try? FileManager.default.removeItem(atPath: copy) }
                        let url = URL(fileURLWithPath: copy + "/" + file)
                        var data = try Data(contentsOf: url)
                        if damage == "flip" {
                            data[data.count / 2] ^= 0x01
                        } else {
                            data = data.prefix(max(0, data.count - max(1, data.count / 3)))
                        }
                        try data.write(to: url)
                        let verify = try DBOpsProcess.run(["verify", copy])
                        #expect(verify.exitCode == 1, "\(damage) \(file): \(verify)")
                        let named = file.hasPrefix("manifest") ? "manifest" : file
                        #expect(verify.stderr.contains(named), "\(damage) \(file): \(verify.stderr)")
                        #expect(verify.stderr.split(separator: "\n").count == 1)
                        let restore = try DBOpsProcess.run(
                            ["restore", copy], environment: ["DBOPS_URL": try target.url])
                        #expect(restore.exitCode == 1, "\(damage) \(file): \(restore)")
                        #expect(restore.stderr.contains(named), "\(damage) \(file): \(restore.stderr)")
                        // Refused before anything was written.
                        #expect(try IndependentChecks.tableChecksums(engine, database: target.name).isEmpty)
                    }
                }
            }
        }
    }

    @Test("A backup without its manifest is incomplete; an extra file is refused", arguments: Engine.allCases)
    func incomplete(_ engine: Engine) throws {
        try withBackup(engine) { backup in
            let copy = try copyBackup(backup)
            defer { try? FileManager.default.removeItem(atPath: copy) }
            try FileManager.default.removeItem(atPath: copy + "/manifest.json")
            let verify = try DBOpsProcess.run(["verify", copy])
            #expect(verify.exitCode == 1)
            #expect(verify.stderr.contains("incomplete backup"))
            let extra = try copyBackup(backup)
            defer { try? FileManager.default.removeItem(atPath: extra) }
            try Data("x".utf8).write(to: URL(fileURLWithPath: extra + "/data/9999.injected.zst"))
            let tampered = try DBOpsProcess.run(["verify", extra])
            #expect(tampered.exitCode == 1)
            #expect(tampered.stderr.contains("9999.injected.zst"))
            // A manifest larger than any backup writes (sparse: no disk used) is refused
            // before it is read into memory.
            let huge = try copyBackup(backup)
            defer { try? FileManager.default.removeItem(atPath: huge) }
            let handle = try #require(FileHandle(forWritingAtPath: huge + "/manifest.json"))
            try handle.truncate(atOffset: 2 << 30)
            try handle.close()
            let oversized = try DBOpsProcess.run(["verify", huge])
            #expect(
                oversized.exitCode == 1 && oversized.stderr.contains("more than any backup's manifest"), "\(oversized)")
            #expect(oversized.stderr.split(separator: "\n").count == 1)
        }
    }

    @Test(
        "A stray top-level file, a re-hashed manifest whose rows do not add up, wrong chunk rows: refused before the target is touched",
        arguments: Engine.allCases)
    func forgedAndStray(_ engine: Engine) throws {
        // Files of their own (no bundles), so one table's file can be replaced below.
        try withBackup(engine, bundleBytes: 0) { backup in
            try ScratchDatabase.with(engine, prefix: "forge") { target in
                let url = ["DBOPS_URL": try target.url]
                func refused(_ copy: String, _ words: String) throws {
                    let verify = try DBOpsProcess.run(["verify", copy], timeout: 30)
                    #expect(verify.exitCode == 1 && verify.stderr.contains(words), "verify: \(verify)")
                    let restore = try DBOpsProcess.run(["restore", copy], environment: url, timeout: 60)
                    #expect(restore.exitCode == 1 && restore.stderr.contains(words), "restore: \(restore)")
                    #expect(
                        try IndependentChecks.tableChecksums(engine, database: target.name).isEmpty,
                        "nothing created in the target")
                }
                let stray = try copyBackup(backup)
                defer { try? FileManager.default.removeItem(atPath: stray) }
                try Data("notes".utf8).write(to: URL(fileURLWithPath: stray + "/README.txt"))
                try refused(stray, "README.txt")

                // A table's total changed, its chunks not.
                let total = try copyBackup(backup)
                defer { try? FileManager.default.removeItem(atPath: total) }
                try BackupForgery.editManifest(total) { manifest in
                    var tables = manifest["tables"] as! [[String: Any]]
                    tables[0]["rows"] = (tables[0]["rows"] as! Int) + 1
                    manifest["tables"] = tables
                }
                try refused(total, "rows")

                // A chunk's rows and its table's total changed together: only the data tells.
                let chunk = try copyBackup(backup)
                defer { try? FileManager.default.removeItem(atPath: chunk) }
                try BackupForgery.editManifest(chunk) { manifest in
                    var tables = manifest["tables"] as! [[String: Any]]
                    var chunks = tables[0]["chunks"] as! [[String: Any]]
                    chunks[0]["rows"] = (chunks[0]["rows"] as! Int) + 5
                    tables[0]["chunks"] = chunks
                    tables[0]["rows"] = (tables[0]["rows"] as! Int) + 5
                    manifest["tables"] = tables
                }
                try refused(chunk, "rows")

                // A table named again as a partitioned table (which holds no rows).
                let twice = try copyBackup(backup)
                defer { try? FileManager.default.removeItem(atPath: twice) }
                try BackupForgery.editManifest(twice) { manifest in
                    let table = (manifest["tables"] as! [[String: Any]])[0]
                    manifest["partitioned_tables"] = [
                        ["schema": table["schema"]!, "name": table["name"]!, "partition_ancestors": [], "columns": []]
                    ]
                }
                try refused(twice, "twice")

                // Named pipes in place of manifest.sha256, and of a data file a re-hashed
                // manifest says is empty: refused at once, where open(2) waited for a writer
                // for good (verify, restore, a cron prune or drill of the folder).
                let piped = try copyBackup(backup)
                defer { try? FileManager.default.removeItem(atPath: piped) }
                unlink(piped + "/manifest.sha256")
                #expect(mkfifo(piped + "/manifest.sha256", 0o600) == 0)
                try refused(piped, "manifest.sha256: cannot read")
                let prune = try DBOpsProcess.run(
                    ["backup", "prune", (piped as NSString).deletingLastPathComponent, "--keep", "1", "--dry-run"],
                    timeout: 30)
                #expect(prune.exitCode == 0 && prune.stderr.contains("\(piped) is damaged"), "\(prune)")
                let pipedData = try copyBackup(backup)
                defer { try? FileManager.default.removeItem(atPath: pipedData) }
                let listed =
                    try JSONSerialization.jsonObject(
                        with: Data(contentsOf: URL(fileURLWithPath: pipedData + "/manifest.json"))) as? [String: Any]
                let chunks = (listed?["tables"] as? [[String: Any]] ?? []).flatMap {
                    $0["chunks"] as? [[String: Any]] ?? []
                }
                let file = try #require(chunks.first { $0["bundle"] == nil }?["path"] as? String)
                unlink(pipedData + "/" + file)
                #expect(mkfifo(pipedData + "/" + file, 0o600) == 0)
                try BackupForgery.editManifest(pipedData) { manifest in
                    manifest["tables"] = (manifest["tables"] as! [[String: Any]]).map { table in
                        var table = table
                        table["chunks"] = (table["chunks"] as! [[String: Any]]).map { chunk in
                            var chunk = chunk
                            if chunk["path"] as? String == file {
                                chunk["bytes"] = 0
                                chunk["sha256"] = SHA256.hash(data: Data()).map { String(format: "%02x", $0) }.joined()
                            }
                            return chunk
                        }
                        return table
                    }
                }
                try refused(pipedData, "not a regular file")
            }
            // The other engine's target: named by engine, both ways round.
            let other: Engine = engine == .postgres ? .mysql : .postgres
            try ScratchDatabase.with(other, prefix: "forgeo") { target in
                let restore = try DBOpsProcess.run(["restore", backup], environment: ["DBOPS_URL": try target.url])
                #expect(restore.exitCode == 64 || restore.exitCode == 1, "\(restore)")
                #expect(
                    restore.stderr.contains(
                        "backup is of a \(engine.displayName) database; the target is \(other.displayName)"),
                    "\(restore.stderr)")
            }
        }
    }

    @Test("A v1 backup (camelCase versionNumber) is still verified and restored", arguments: Engine.allCases)
    func readsVersionOne(_ engine: Engine) throws {
        // Files of their own, as every backup had before format v4.
        try withBackup(engine, bundleBytes: 0) { backup in
            let old = try copyBackup(backup)
            defer { try? FileManager.default.removeItem(atPath: old) }
            try BackupForgery.editManifest(old) { manifest in
                manifest["format"] = "dbops.backup/v1"
                var server = manifest["server"] as! [String: Any]
                server["versionNumber"] = server.removeValue(forKey: "version_number")
                manifest["server"] = server
            }
            #expect(try DBOpsProcess.run(["verify", old]).exitCode == 0)
            try ScratchDatabase.with(engine, prefix: "v1r") { target in
                let restore = try DBOpsProcess.run(["restore", old], environment: ["DBOPS_URL": try target.url])
                #expect(restore.exitCode == 0, "\(restore)")
            }
        }
    }

    @Test("SIGKILL mid-backup leaves nothing verify or restore accepts", arguments: Engine.allCases)
    func killed(_ engine: Engine) throws {
        try withTemporaryDirectory { folder in
            let output = folder + "/killed"
            let database = "infinitestories"
            // zstd level 19 makes the run long enough to be killed in the middle.
            let process = try DBOpsProcess.start(
                ["backup", "--output", output, "--zstd-level", "19", "--jobs", "2", "--chunk-size", "1MB"],
                environment: ["DBOPS_URL": try TestServers.url(engine, database: database)])
            #expect(
                eventually(timeout: 20, interval: 0.02) {
                    ((try? FileManager.default.contentsOfDirectory(atPath: output + "/data")) ?? []).count >= 2
                })
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            #expect(process.terminationReason == .uncaughtSignal)
            #expect(!FileManager.default.fileExists(atPath: output + "/manifest.json"))
            let verify = try DBOpsProcess.run(["verify", output])
            #expect(verify.exitCode == 1)
            #expect(verify.stderr.contains("incomplete"))
            try ScratchDatabase.with(engine, prefix: "kill") { target in
                let restore = try DBOpsProcess.run(["restore", output], environment: ["DBOPS_URL": try target.url])
                #expect(restore.exitCode == 1)
                #expect(restore.stderr.contains("incomplete"))
                #expect(try IndependentChecks.tableChecksums(engine, database: target.name).isEmpty)
            }
        }
    }

    @Test("Ctrl-C stops a backup with exit 130 and removes the partial output", arguments: Engine.allCases)
    func interrupted(_ engine: Engine) throws {
        try withTemporaryDirectory { folder in
            let output = folder + "/interrupted"
            let process = try DBOpsProcess.start(
                ["backup", "--output", output, "--zstd-level", "19", "--jobs", "2", "--chunk-size", "1MB"],
                environment: ["DBOPS_URL": try TestServers.url(engine, database: "infinitestories")], stderr: .pipe)
            #expect(
                eventually(timeout: 20, interval: 0.02) {
                    ((try? FileManager.default.contentsOfDirectory(atPath: output + "/data")) ?? []).count >= 2
                })
            let clock = Date()
            kill(process.processIdentifier, SIGINT)
            process.waitUntilExit()
            #expect(Date().timeIntervalSince(clock) < 10)
            #expect(process.terminationStatus == 130)
            #expect(!FileManager.default.fileExists(atPath: output), "the partial backup is removed")
            let text = String(decoding: process.standardError!.readDataToEndOfFile(), as: UTF8.self)
            #expect(text.contains("interrupted"))
            #expect(!text.contains("Fatal error"))
        }
    }

    @Test("A full disk fails the backup in one line and leaves no partial backup")
    func fullDisk() throws {
        try withSmallFileSystem(size: "1m") { mountPoint in
            let result = try DBOpsProcess.run(
                ["backup", "--output", mountPoint + "/b"],
                environment: ["DBOPS_URL": try TestServers.url(.postgres, database: "infinitestories")])
            #expect(result.exitCode == 1, "\(result)")
            #expect(result.stderr.contains("no space left on device"), "\(result.stderr)")
            #expect(result.stderr.split(separator: "\n").count == 1)
            #expect(!FileManager.default.fileExists(atPath: mountPoint + "/b"))
        }
    }
}
