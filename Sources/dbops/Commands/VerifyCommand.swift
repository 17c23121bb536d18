import ArgumentParser
import Backup
import DBCore
import Foundation

struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check a backup completely, without any server: manifest, checksums, sizes, row counts.")

    @OptionGroup var global: GlobalOptions

    @Argument(
        help:
            "Backup directory, a folder holding backups (a fleet's tree: each is verified), or - to read the stream form from stdin."
    )
    var backup: String

    @Option(name: .shortAndLong, help: VerifySettings.jobs.help)
    var jobs: String?

    @OptionGroup var trust: TrustedKeyOptions

    func run() throws {
        try CommandRunner.run(kind: .job, global: global, formats: [.text, .json], command: "verify") { environment in
            var workers = BackupVerifier.defaultJobs
            try VerifySettings.jobs.apply(jobs, .empty, to: &workers)
            try trust.apply(.empty)
            if let tree = try Self.tree(backup) {
                return try Self.verifyTree(tree, root: backup, jobs: workers, environment: environment)
            }
            let report: VerifyReport
            do { report = try BackupVerifier.verify(backup, jobs: workers) } catch let error as DBError {
                throw error.prefixed("verify \(backup)")
            }
            if environment.format == .json {
                environment.write(try JSONOutput.encode(report))
            } else {
                environment.write(
                    "OK: \(FlatText.line(report.backup)): \(report.engine.rawValue) database \(FlatText.line(report.database)), \(report.tables) tables, \(report.rows) rows, \(report.files) files, \(Format.bytes(Double(report.compressedBytes))) checked in \(String(format: "%.1fs", report.seconds))\(Self.encryptionNote(report))\n"
                )
            }
            return ExitStatus.ok
        }
    }

    /// What an encrypted backup's OK covers.
    static func encryptionNote(_ report: VerifyReport) -> String {
        guard report.encryptedTo != nil else { return "" }
        return report.contentsChecked
            ? " (encrypted; decrypted and checked)"
            : " (encrypted: sizes and hashes only; --decrypt-with checks the contents)"
    }

    /// The backups below `path` when it is a folder of backups rather than one; nil for a
    /// backup, the stream, or a folder holding none (verified as one, so it fails as
    /// "not a dbops backup").
    static func tree(_ path: String) throws -> [String]? {
        var isDirectory: ObjCBool = false
        guard path != "-", FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory),
            isDirectory.boolValue,
            !FileManager.default.fileExists(atPath: (path as NSString).appendingPathComponent(BackupManifest.fileName)),
            !FileManager.default.fileExists(
                atPath: (path as NSString).appendingPathComponent(BackupManifest.markerFileName))
        else { return nil }
        let found = (try? BackupPrune.candidates(path)) ?? []
        return found.isEmpty ? nil : found
    }

    /// Every backup of a tree, one after the other: a line (or JSON entry) each, exit 1
    /// when any is damaged or incomplete.
    static func verifyTree(_ paths: [String], root: String, jobs: Int, environment: CommandEnvironment) throws -> Int32
    {
        var entries: [[String: Any]] = []
        var text = ""
        var failed = 0
        for path in paths {
            do {
                let report = try BackupVerifier.verify(path, jobs: jobs)
                let data = try JSONSerialization.jsonObject(with: Data(try JSONOutput.encode(report).utf8))
                entries.append(["backup": path, "ok": true, "report": data, "error": NSNull()])
                text +=
                    "OK      \(FlatText.line(path)): \(report.engine.rawValue) database \(FlatText.line(report.database)), \(report.tables) tables, \(report.rows) rows\(encryptionNote(report))\n"
            } catch {
                failed += 1
                let message = DBError.oneLineDescription(of: error)
                entries.append(["backup": path, "ok": false, "report": NSNull(), "error": message])
                text += "FAILED  \(FlatText.line(path)): \(FlatText.line(message))\n"
            }
        }
        if environment.format == .json {
            let object: [String: Any] = [
                "schema": "dbops.verify-tree/v1", "root": root, "backups": entries, "failed": failed,
            ]
            let data = try JSONSerialization.data(
                withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
            environment.write(String(decoding: data, as: UTF8.self) + "\n")
        } else {
            environment.write(text + "\(paths.count - failed) of \(paths.count) backups verified\n")
        }
        return failed == 0 ? ExitStatus.ok : ExitStatus.failed
    }
}
