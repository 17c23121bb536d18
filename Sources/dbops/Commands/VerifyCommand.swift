import ArgumentParser
import Backup
import DBCore
import Foundation

struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check a backup completely, without any server: manifest, checksums, sizes, row counts.")

    @OptionGroup var global: GlobalOptions

    @Argument(help: "Backup directory, or - to read the stream form from stdin.")
    var backup: String

    @Option(name: .shortAndLong, help: VerifySettings.jobs.help)
    var jobs: String?

    func run() throws {
        try CommandRunner.run(kind: .job, global: global, formats: [.text, .json], command: "verify") { environment in
            var workers = BackupVerifier.defaultJobs
            try VerifySettings.jobs.apply(jobs, .empty, to: &workers)
            let report: VerifyReport
            do { report = try BackupVerifier.verify(backup, jobs: workers) } catch let error as DBError {
                throw error.prefixed("verify \(backup)")
            }
            if environment.format == .json {
                environment.write(try JSONOutput.encode(report))
            } else {
                environment.write(
                    "OK: \(report.backup): \(report.engine.rawValue) database \(report.database), \(report.tables) tables, \(report.rows) rows, \(report.files) files, \(Format.bytes(Double(report.compressedBytes))) checked in \(String(format: "%.1fs", report.seconds))\n"
                )
            }
            return ExitStatus.ok
        }
    }
}
