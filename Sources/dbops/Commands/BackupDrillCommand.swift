import ArgumentParser
import Backup
import DBCore
import History
import Foundation

struct BackupDrillCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "drill",
        abstract: "Prove a backup restores: restore it into a temporary database on a scratch server and compare.",
        discussion: """
            --url (or DBOPS_URL, --target) names the scratch server, never production: a \
            temporary database dbops_drill_XXXXXXXX is created there, the backup restored into \
            it (owners and grants left out), every table read back and its row count and content \
            checksum compared with the manifest, and the database dropped. Given a folder of \
            backups, the newest complete backup of each database in it is drilled. Exit 0 only \
            if every table of every backup agrees. -o/--output FILE writes the report to FILE, \
            replaced whole, for node_exporter's textfile collector (--format prometheus).
            """)

    /// `-o/--output` and `-j/--jobs` are backup's options, which its subcommands share.
    @ParentCommand var parent: BackupCommand

    @OptionGroup var global: GlobalOptions

    @Argument(
        help: "Backup directory, a folder of backups (each database's newest is drilled), or - for the stream form.")
    var backup: String

    @OptionGroup var keys: TrustedKeyOptions

    func run() throws {
        try CommandRunner.run(
            kind: .job, global: global, command: "backup drill", output: parent.output,
            fleet: FleetUse(runs: false, expandsAllDatabases: false)
        ) { environment in
            let settings = environment.settings("restore")
            var workers = RestoreOptions(input: "").jobs
            try RestoreSettings.jobs.apply(parent.jobs, settings, to: &workers)
            try keys.apply(settings)
            let scratch = try environment.target()
            let paths = try VerifyCommand.tree(backup) ?? [backup]
            let inTree = paths != [backup]
            let chosen = inTree ? try RestoreDrill.newest(in: backup) : paths
            guard !chosen.isEmpty else { throw UsageError("\(backup) holds no complete backup of a database") }
            var reports: [DrillReport] = []
            for path in chosen {
                try Interruption.shared.check()
                let clock = Stopwatch()
                do {
                    reports.append(try RestoreDrill.run(path, scratch: scratch.config, jobs: workers))
                } catch {
                    if Interruption.shared.signal != nil { throw error }
                    reports.append(.failed(path, error: error, seconds: clock.seconds))
                }
            }
            JobHistory.record(
                reports.map { report in
                    let path = JobHistory.folder(report.backup)
                    let source = [report.server, report.database].compactMap { $0 }.joined(separator: "/")
                    let target = path.flatMap { JobHistory.backupTarget($0, environment) } ?? source
                    return Self.run(report, target: target, path: path)
                }, environment)
            environment.write(
                try DrillRenderer.render(
                    reports, root: inTree ? backup : nil, format: environment.format, previous: parent.output))
            return reports.allSatisfy(\.ok) ? ExitStatus.ok : ExitStatus.failed
        }
    }

    /// A drill as the history store keeps it, under the target whose backup it proved.
    static func run(_ drill: DrillReport, target: String, path: String?) -> JobRun {
        JobRun(
            target: target, job: "drill", startedAt: drill.finishedAt.addingTimeInterval(-drill.seconds),
            seconds: drill.seconds, outcome: drill.ok ? "complete" : "failed",
            rows: drill.tables.reduce(0) { $0 + $1.rowsExpected }, path: path,
            detail: drill.error
                ?? (drill.ok
                    ? "\(drill.tables.count) tables restored and compared"
                    : "tables differ: \(drill.failedTables.joined(separator: ", "))"))
    }
}
