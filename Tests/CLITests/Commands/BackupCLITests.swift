import DBCore
import Foundation
import Testing
import TestSupport

@Suite("dbops backup / restore / verify commands")
struct BackupCLITests {
    func temporary() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent(
            "dbops-cli-bk-\(UUID().uuidString.prefix(8))"
        ).path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    @Test("Silent in cron, a JSON summary on request, placeholders in --output", arguments: Engine.allCases)
    func cronAndJSON(_ engine: Engine) throws {
        let folder = try temporary()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let url = try TestServers.url(engine, database: "storyboardai")
        let quiet = try DBOpsProcess.run(
            ["backup", "--output", folder + "/{database}-{timestamp}"], environment: ["DBOPS_URL": url])
        #expect(quiet.exitCode == 0, "\(quiet)")
        #expect(quiet.stdout.isEmpty && quiet.stderr.isEmpty, "nothing to say when all went well and no one watches")
        let made = try FileManager.default.contentsOfDirectory(atPath: folder)
        #expect(made.count == 1 && made[0].hasPrefix("storyboardai-20"))

        let json = try DBOpsProcess.run(
            ["backup", "--output", folder + "/json", "--format", "json", "--jobs", "1"], environment: ["DBOPS_URL": url]
        )
        #expect(json.exitCode == 0, "\(json)")
        let summary = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect(summary["schema"] as? String == "dbops.backup-summary/v1")
        #expect((summary["rows"] as? Int ?? 0) > 10_000)
        #expect((summary["snapshot"] as? [String: Any])?["method"] != nil)

        // A short option's value attached, as pg_dump takes it (it was "Unknown option '-j1'").
        let attached = try DBOpsProcess.run(
            ["backup", "-j1", "-o" + folder + "/attached"], environment: ["DBOPS_URL": url])
        #expect(attached.exitCode == 0, "\(attached)")
        #expect(FileManager.default.fileExists(atPath: folder + "/attached/manifest.json"))
        let wrong = try DBOpsProcess.run(["backup", "-j0", "-o" + folder + "/zero"], environment: ["DBOPS_URL": url])
        #expect(wrong.exitCode == 64 && wrong.stderr.contains("1 to 64"), "\(wrong)")

        let verify = try DBOpsProcess.run(["verify", folder + "/json", "--format", "json"])
        #expect(verify.exitCode == 0)
        let report = try #require(try JSONSerialization.jsonObject(with: Data(verify.stdout.utf8)) as? [String: Any])
        #expect(report["rows"] as? Int == summary["rows"] as? Int)
    }

    @Test("Bad input: one line, documented exit code, nothing left behind", arguments: Engine.allCases)
    func badInput(_ engine: Engine) throws {
        let folder = try temporary()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let url = try TestServers.url(engine, database: "storyboardai")
        let password = try TestServers.password(engine)

        let noOutput = try DBOpsProcess.run(["backup"], environment: ["DBOPS_URL": url])
        #expect(noOutput.exitCode == 64)
        #expect(noOutput.stderr.contains("--output is required"))

        let noDatabase = try DBOpsProcess.run(
            ["backup", "-o", folder + "/x"], environment: ["DBOPS_URL": try TestServers.url(engine, database: "")])
        #expect(noDatabase.exitCode == 64, "\(noDatabase)")

        try FileManager.default.createDirectory(atPath: folder + "/busy", withIntermediateDirectories: true)
        FileManager.default.createFile(atPath: folder + "/busy/keep.txt", contents: Data("mine".utf8))
        let occupied = try DBOpsProcess.run(["backup", "-o", folder + "/busy"], environment: ["DBOPS_URL": url])
        #expect(occupied.exitCode == 1)
        #expect(occupied.stderr.contains("never overwrites"))
        #expect(FileManager.default.fileExists(atPath: folder + "/busy/keep.txt"))

        let wrong = url.replacingOccurrences(of: ":\(password)@", with: ":nope@")
        let denied = try DBOpsProcess.run(["backup", "-o", folder + "/denied"], environment: ["DBOPS_URL": wrong])
        #expect(denied.exitCode == 1)
        #expect(denied.stderr.split(separator: "\n").count == 1)
        #expect(!denied.stderr.contains(password) && !denied.stderr.contains("nope@"))
        #expect(!FileManager.default.fileExists(atPath: folder + "/denied"))

        // Said in plain words: a file where the folder should be, a folder that is not there.
        let inAFile = try DBOpsProcess.run(
            ["backup", "-o", folder + "/busy/keep.txt/x"], environment: ["DBOPS_URL": url])
        #expect(inAFile.exitCode == 1)
        #expect(inAFile.stderr.contains("\(folder)/busy/keep.txt is a file, not a folder"), "\(inAFile)")
        let noTree = try DBOpsProcess.run(
            ["restore", "--all-databases", "--globals-only", folder + "/no-tree"],
            environment: ["DBOPS_URL": try TestServers.url(engine, database: "")])
        #expect(noTree.exitCode == 1)
        #expect(noTree.stderr.contains("\(folder)/no-tree does not exist"), "\(noTree)")

        let missingTable = try DBOpsProcess.run(["restore", folder + "/nothing-here"], environment: ["DBOPS_URL": url])
        #expect(missingTable.exitCode == 1)
        #expect(missingTable.stderr.contains("not a backup directory"))

        let notABackup = try DBOpsProcess.run(["verify", folder + "/busy"])
        #expect(notABackup.exitCode == 1)
        #expect(notABackup.stderr.contains("not a dbops backup"))

        let garbage = try DBOpsProcess.run(["verify", "-"], stdin: Data("hello, I am not a backup\n".utf8))
        #expect(garbage.exitCode == 1)
        #expect(garbage.stderr.contains("not a dbops backup stream"))
        // Forged streams: said of the stream, never of the private folder it went into, and
        // a name of any length shown only in part.
        let forgeries: [(String, String)] = [
            ("{\"end\":true}\n", "the backup stream ended without its manifest.json"),
            (
                "{\"bytes\":1,\"piece\":\"\(String(repeating: "a", count: 5000))\"}\nx",
                "names an unsafe path: \(String(repeating: "a", count: 120))... (5000 characters)"
            ),
            ("{\"bytes\":1,\"piece\":\"../../etc/passwd\"}\nx", "names an unsafe path: ../../etc/passwd"),
            ("{\"bytes\":-5,\"piece\":\"data/a\"}\n", "bad piece header"),
        ]
        for (body, message) in forgeries {
            let forged = try DBOpsProcess.run(["verify", "-"], stdin: Data(("DBOPS-BACKUP-STREAM/1\n" + body).utf8))
            #expect(forged.exitCode == 1, "\(forged)")
            #expect(forged.stderr.contains(message), "\(forged)")
            #expect(forged.stderr.split(separator: "\n").count == 1 && !forged.stderr.contains("/dbops-"), "\(forged)")
        }
    }

    @Test("A backup of one engine is not restored into the other")
    func engineMismatch() throws {
        let folder = try temporary()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let made = try DBOpsProcess.run(
            ["backup", "-o", folder + "/pg", "--table", "users"],
            environment: ["DBOPS_URL": try TestServers.url(.postgres, database: "storyboardai")])
        #expect(made.exitCode == 0, "\(made)")
        try ScratchDatabase.with(.mysql, prefix: "mismatch") { target in
            let result = try DBOpsProcess.run(["restore", folder + "/pg"], environment: ["DBOPS_URL": try target.url])
            #expect(result.exitCode == 64)
            #expect(result.stderr.contains("PostgreSQL database"))
        }
    }
}
