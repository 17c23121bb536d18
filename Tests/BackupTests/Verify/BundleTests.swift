import Backup
import DBCore
import Foundation
import Testing
import TestSupport

/// Small tables are written several to a bundle file (format v4): a backup of many small
/// tables restores the same rows from the folder and from the stream, and every way of
/// damaging or forging a bundle is refused, naming the member and its bundle, before the
/// target is touched.
@Suite("Bundled backups")
struct BundleTests {
    /// 40 small tables (one empty, one with a hostile name) and one of about 2.5 MB, which
    /// PostgreSQL sizes exactly and so keeps in a file of its own.
    static func fill(_ engine: Engine, _ source: ScratchDatabase) throws {
        let connection = try source.connect()
        defer { connection.close() }
        var script = ""
        for i in 0..<39 {
            script += "CREATE TABLE s\(i) (id INT PRIMARY KEY, v TEXT);\n"
            if i > 0 { script += "INSERT INTO s\(i) VALUES (1, 'row \(i)'), (2, NULL), (3, 'tab\\there');\n" }
        }
        let hostile = engine == .postgres ? "\"it's t\"" : "`it's t`"
        script += "CREATE TABLE \(hostile) (id INT PRIMARY KEY, v TEXT);\nINSERT INTO \(hostile) VALUES (7, 'seven');\n"
        let series = engine == .postgres ? "generate_series(1, 20000) g" : "seq_1_to_20000"
        let n = engine == .postgres ? "g" : "seq"
        script +=
            "CREATE TABLE big (id INT PRIMARY KEY, v TEXT);\nINSERT INTO big SELECT \(n), REPEAT('b', 100) FROM \(series)"
        try connection.executeScript(script)
    }

    static func manifest(_ backup: String) throws -> [String: Any] {
        try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: backup + "/manifest.json")))
                as? [String: Any])
    }

    static func chunks(_ manifest: [String: Any]) -> [[String: Any]] {
        (manifest["tables"] as? [[String: Any]] ?? []).flatMap { $0["chunks"] as? [[String: Any]] ?? [] }
    }

    @Test(
        "many small tables: bundled, verified, restored identically from folder and stream", arguments: Engine.allCases)
    func roundTrip(_ engine: Engine) throws {
        try ScratchDatabase.with(engine, prefix: "bndl") { source in
            try Self.fill(engine, source)
            let expected = try IndependentChecks.tableChecksums(engine, database: source.name)
            #expect(expected.count == 41)
            try withTemporaryDirectory { folder in
                let environment = ["DBOPS_URL": try source.url]
                let made = try DBOpsProcess.run(["backup", "-o", folder + "/b", "-j", "2"], environment: environment)
                #expect(made.exitCode == 0, "\(made)")
                let manifest = try Self.manifest(folder + "/b")
                #expect(manifest["format"] as? String == "dbops.backup/v4")
                let chunks = Self.chunks(manifest)
                let bundled = chunks.filter { $0["bundle"] != nil }
                #expect(bundled.count >= 40, "the small tables are bundled: \(bundled.count)")
                let files = try FileManager.default.contentsOfDirectory(atPath: folder + "/b/data")
                let bundles = files.filter { $0.hasPrefix("bundle.") }
                #expect((1...2).contains(bundles.count), "one bundle a worker: \(files)")
                #expect(Set(bundled.compactMap { $0["bundle"] as? String }) == Set(bundles.map { "data/" + $0 }))
                if engine == .postgres {
                    #expect(
                        chunks.contains { ($0["path"] as? String)?.contains("big") == true && $0["bundle"] == nil },
                        "a table above the limit has a file of its own")
                }
                #expect(try DBOpsProcess.run(["verify", folder + "/b"]).exitCode == 0)
                try ScratchDatabase.with(engine, prefix: "bndr") { target in
                    let restored = try DBOpsProcess.run(
                        ["restore", folder + "/b"], environment: ["DBOPS_URL": try target.url])
                    #expect(restored.exitCode == 0, "\(restored)")
                    #expect(try IndependentChecks.tableChecksums(engine, database: target.name) == expected)
                }
                let stream = try DBOpsProcess.run(["backup", "-o", "-"], environment: environment)
                #expect(stream.exitCode == 0, "\(stream.stderr)")
                try ScratchDatabase.with(engine, prefix: "bnds") { target in
                    let restored = try DBOpsProcess.run(
                        ["restore", "-"], environment: ["DBOPS_URL": try target.url], stdin: stream.stdoutData)
                    #expect(restored.exitCode == 0, "\(restored)")
                    #expect(try IndependentChecks.tableChecksums(engine, database: target.name) == expected)
                }
                // Bundling off: a file a table, the format older dbops read.
                let apart = try DBOpsProcess.run(
                    ["backup", "-o", folder + "/apart", "--bundle-limit", "0"], environment: environment)
                #expect(apart.exitCode == 0, "\(apart)")
                let plain = try Self.manifest(folder + "/apart")
                #expect(plain["format"] as? String == "dbops.backup/v2")
                #expect(Self.chunks(plain).allSatisfy { $0["bundle"] == nil && $0["offset"] == nil })
                for bad in ["-1", "2GB", "lots"] {
                    let refused = try DBOpsProcess.run(
                        ["backup", "-o", folder + "/never", "--bundle-limit", bad], environment: environment)
                    #expect(refused.exitCode == 64 && refused.stderr.contains("bundle-limit"), "\(bad): \(refused)")
                }
            }
        }
    }

    @Test("a damaged or forged bundle is refused, naming it, before the target is touched", arguments: Engine.allCases)
    func forgeries(_ engine: Engine) throws {
        try ScratchDatabase.with(engine, prefix: "bndf") { source in
            try Self.fill(engine, source)
            try withTemporaryDirectory { folder in
                let made = try DBOpsProcess.run(
                    ["backup", "-o", folder + "/b", "-j", "1"], environment: ["DBOPS_URL": try source.url])
                #expect(made.exitCode == 0, "\(made)")
                let bundle = try #require(
                    Self.chunks(try Self.manifest(folder + "/b")).compactMap { $0["bundle"] as? String }.first)
                try ScratchDatabase.with(engine, prefix: "bndt") { target in
                    var round = 0
                    func refused(_ words: String, _ damage: (String) throws -> Void) throws {
                        round += 1
                        let copy = folder + "/copy\(round)"
                        try FileManager.default.copyItem(atPath: folder + "/b", toPath: copy)
                        try damage(copy)
                        let verify = try DBOpsProcess.run(["verify", copy])
                        #expect(verify.exitCode == 1 && verify.stderr.contains(words), "verify: \(verify)")
                        #expect(verify.stderr.split(separator: "\n").count == 1, "one line: \(verify.stderr)")
                        let restore = try DBOpsProcess.run(
                            ["restore", copy], environment: ["DBOPS_URL": try target.url])
                        #expect(restore.exitCode == 1 && restore.stderr.contains(words), "restore: \(restore)")
                        #expect(try IndependentChecks.tableChecksums(engine, database: target.name).isEmpty)
                    }
                    // A flipped byte inside a member: the member is named with its bundle.
                    try refused("(in \(bundle))") { copy in
                        let url = URL(fileURLWithPath: copy + "/" + bundle)
                        var data = try Data(contentsOf: url)
                        data[data.count / 2] ^= 0x01
                        try data.write(to: url)
                    }
                    // Bytes no member claims, appended.
                    try refused("its members in the manifest") { copy in
                        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: copy + "/" + bundle))
                        handle.seekToEndOfFile()
                        handle.write(Data("extra".utf8))
                        try handle.close()
                    }
                    // The bundle gone.
                    try refused("\(bundle) is missing") { copy in
                        try FileManager.default.removeItem(atPath: copy + "/" + bundle)
                    }
                    // Re-hashed manifests: two members at one offset; a bundle outside
                    // the folder; bundles in a format before v4; half a member.
                    func editMembers(_ copy: String, _ edit: @escaping (inout [[String: Any]]) -> Void) throws {
                        try BackupForgery.editManifest(copy) { manifest in
                            var tables = manifest["tables"] as! [[String: Any]]
                            var members: [(Int, Int)] = []
                            for (t, table) in tables.enumerated() {
                                for (c, chunk) in (table["chunks"] as! [[String: Any]]).enumerated()
                                where chunk["bundle"] != nil {
                                    members.append((t, c))
                                }
                            }
                            var list = members.map { (tables[$0.0]["chunks"] as! [[String: Any]])[$0.1] }
                            edit(&list)
                            for (i, place) in members.enumerated() {
                                var chunks = tables[place.0]["chunks"] as! [[String: Any]]
                                chunks[place.1] = list[i]
                                tables[place.0]["chunks"] = chunks
                            }
                            manifest["tables"] = tables
                        }
                    }
                    try refused("not where the member before it ends") { copy in
                        try editMembers(copy) { list in list[1]["offset"] = list[0]["offset"] }
                    }
                    try refused("unsafe file path: data/../../etc/passwd") { copy in
                        try editMembers(copy) { list in list[0]["bundle"] = "data/../../etc/passwd" }
                    }
                    // The message names the path that escapes, not the member's bundle.
                    try refused("unsafe file path: ../../etc/shadow") { copy in
                        try editMembers(copy) { list in list[0]["path"] = "../../etc/shadow" }
                    }
                    try refused("bundles came with v4") { copy in
                        try BackupForgery.editManifest(copy) { $0["format"] = "dbops.backup/v2" }
                    }
                    try refused("half a bundle member") { copy in
                        try editMembers(copy) { list in list[0]["offset"] = nil }
                    }
                }
            }
        }
    }
}
