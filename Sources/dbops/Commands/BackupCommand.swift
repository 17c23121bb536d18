import ArgumentParser
import Backup
import DBCore
import Foundation

struct BackupCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup",
        abstract: "Consistent, parallel, zstd-compressed logical backup of one database.",
        discussion: """
            Writes a directory (one zstd file per table or chunk, the schema, and manifest.json \
            written last) or, with --output -, a single stream on stdout. In --output, {database} \
            and {timestamp} are replaced. Silent unless something fails, except for a progress \
            line and a summary on a terminal; --format json prints a summary for scripts.
            """,
        subcommands: [BackupPruneCommand.self])

    @OptionGroup var global: GlobalOptions

    @Option(name: .shortAndLong, help: ArgumentHelp("Backup directory to create, or - for a stream on stdout.", valueName: "path"))
    var output: String?

    @Option(name: .shortAndLong, help: "Parallel workers (default 2).")
    var jobs: Int?

    @Option(help: "zstd level, 1-19 (default 2: measured as the best speed for output no larger than pg_dump | zstd -3).")
    var zstdLevel: Int?

    @Option(help: "zstd threads per file (default 0: compress on each worker's thread).")
    var zstdThreads: Int?

    @Option(help: ArgumentHelp("Split tables bigger than this into chunks copied in parallel (default 256MB).", valueName: "size"))
    var chunkSize: String?

    @Option(name: .customLong("table"), help: ArgumentHelp("Only tables matching this pattern (schema.table or table; * and ?).", valueName: "pattern"))
    var tables: [String] = []

    @Option(name: .customLong("exclude-table"), help: ArgumentHelp("Leave out tables matching this pattern.", valueName: "pattern"))
    var excludedTables: [String] = []

    @Flag(help: "Schema only, no rows.")
    var schemaOnly = false

    @Flag(help: "Rows only, no schema (restores into existing tables).")
    var dataOnly = false

    @Option(help: ArgumentHelp("Longest to wait for table locks when the snapshot is taken (default 10s; 1ms to 1h).", valueName: "duration"))
    var lockTimeout: String?

    @Option(help: ArgumentHelp("PostgreSQL rows as binary COPY (default: less CPU, smaller) or text COPY (most portable across major versions).", valueName: "binary|text"))
    var copyFormat: String?

    func run() throws {
        try CommandRunner.run(kind: .job, global: global, formats: [.text, .json]) { environment in
            let settings = environment.settings("backup")
            guard let pattern = try output ?? settings.string("output") else {
                throw UsageError("--output is required: a directory to create, or - for stdout")
            }
            let target = try environment.target()
            var options = BackupOptions(output: BackupCommand.expand(pattern, database: target.config.database))
            options.jobs = try jobs.map { try HumanInput.integer($0, option: "--jobs", range: Limits.jobs) }
                ?? settings.integer("jobs", range: Limits.jobs) ?? 2
            options.zstdLevel = try zstdLevel.map { try HumanInput.integer($0, option: "--zstd-level", range: Limits.zstdLevel) }
                ?? settings.integer("zstd_level", range: Limits.zstdLevel) ?? 2
            options.zstdThreads = try zstdThreads.map { try HumanInput.integer($0, option: "--zstd-threads", range: Limits.zstdThreads) }
                ?? settings.integer("zstd_threads", range: Limits.zstdThreads) ?? 0
            if let size = try chunkSize ?? settings.string("chunk_size") {
                options.chunkBytes = try HumanInput.bytes(size, option: "--chunk-size", range: (1 << 20)...(1 << 40))
            }
            options.include = tables
            options.exclude = excludedTables
            options.schemaOnly = schemaOnly
            options.dataOnly = dataOnly
            options.lockTimeout = try lockTimeout.map { try HumanInput.duration($0, option: "--lock-timeout", range: Limits.lockTimeout) }
                ?? settings.duration("lock_timeout", range: Limits.lockTimeout) ?? 10
            if let format = try copyFormat ?? settings.string("copy_format") {
                guard let parsed = DataFormat(rawValue: format) else { throw UsageError("--copy-format must be binary or text") }
                options.copyFormat = parsed
            }
            guard (1...64).contains(options.jobs) else { throw UsageError("--jobs must be between 1 and 64") }
            guard (1...19).contains(options.zstdLevel) else { throw UsageError("--zstd-level must be between 1 and 19") }
            guard options.zstdThreads >= 0 else { throw UsageError("--zstd-threads must not be negative") }
            if schemaOnly && dataOnly { throw UsageError("--schema-only and --data-only exclude each other") }
            if options.output == "-" && environment.stdoutIsTerminal {
                throw UsageError("--output - writes a binary stream: redirect or pipe stdout")
            }

            let progress = BackupProgress()
            let line = ProgressLine(progress, enabled: environment.stderrIsTerminal)
            line.start()
            defer { line.stop() }
            let summary: BackupSummary
            do { summary = try BackupRunner.run(target.config, options: options, progress: progress) } catch let error as DBError {
                throw error.prefixed("backup of \(target.label)")
            }
            line.stop()
            try BackupCommand.report(summary, environment: environment, toStderr: options.output == "-")
            return ExitStatus.ok
        }
    }

    static func expand(_ pattern: String, database: String?) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd'T'HHmmss'Z'"
        let safeName = String((database ?? "db").map { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" ? $0 : "_" })
        return pattern.replacingOccurrences(of: "{database}", with: safeName)
            .replacingOccurrences(of: "{timestamp}", with: formatter.string(from: Date()))
    }

    static func report(_ summary: BackupSummary, environment: CommandEnvironment, toStderr: Bool) throws {
        let write: (String) -> Void = toStderr ? { FileHandle.standardError.write(Data($0.utf8)) } : environment.write
        if environment.format == .json {
            write(try JSONOutput.encode(summary))
        } else if toStderr ? environment.stderrIsTerminal : environment.stdoutIsTerminal {
            let ratio = summary.compressedBytes > 0 ? Double(summary.uncompressedBytes) / Double(summary.compressedBytes) : 0
            var text = "backed up \(summary.database) to \(summary.output): \(summary.tables) tables, \(summary.rows) rows, "
            text += "\(Format.bytes(Double(summary.uncompressedBytes))) -> \(Format.bytes(Double(summary.compressedBytes)))"
            text += String(format: " (%.1fx) in %.1fs\n", ratio, summary.seconds)
            for warning in summary.warnings { text += "warning: \(warning)\n" }
            write(text)
        }
    }
}

struct BackupPruneCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "prune",
        abstract: "Remove old backups from a folder of backups (only dbops backups are touched).")

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The folder holding one backup per subfolder.")
    var directory: String

    @Option(help: "Keep this many newest complete backups.")
    var keep: Int?

    @Option(help: ArgumentHelp("Remove complete backups older than this (30d, 12h, ...).", valueName: "age"))
    var olderThan: String?

    @Flag(help: "Show what would be removed; remove nothing.")
    var dryRun = false

    func run() throws {
        try CommandRunner.run(kind: .job, global: global, formats: [.text, .json]) { environment in
            let settings = environment.settings("backup")
            var options = PruneOptions(directory: directory, dryRun: dryRun)
            options.keep = try keep.map { try HumanInput.integer($0, option: "--keep", range: Limits.keep) }
                ?? settings.integer("keep", range: Limits.keep)
            if let age = try olderThan ?? settings.string("older_than") {
                options.olderThan = try HumanInput.duration(age, option: "--older-than", range: Limits.age)
            }
            let report: PruneReport
            do { report = try BackupPrune.run(options) } catch let error as DBError where error.code == .invalidTarget {
                throw UsageError(error.message)
            }
            if environment.format == .json {
                environment.write(try JSONOutput.encode(report))
            } else if environment.stdoutIsTerminal || dryRun {
                for entry in report.removed {
                    environment.write("\(dryRun ? "would remove" : "removed") \(entry.path) (\(entry.complete ? "complete" : "incomplete"), \(Format.bytes(Double(entry.bytes))))\n")
                }
                environment.write("kept \(report.kept.count), \(dryRun ? "would remove" : "removed") \(report.removed.count)\n")
            }
            return ExitStatus.ok
        }
    }
}
