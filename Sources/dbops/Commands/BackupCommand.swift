import ArgumentParser
import Backup
import DBCore
import History
import Foundation

struct BackupCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup",
        abstract: "Consistent, parallel, zstd-compressed logical backup of one database.",
        discussion: """
            Writes a directory (one zstd file per table or chunk, small tables bundled several to a \
            file, the schema, and manifest.json written last) or, with --output -, a single stream on stdout. In --output, {database} \
            and {timestamp} are replaced. Silent unless something fails, except for a progress \
            line and a summary on a terminal; --format json prints a summary for scripts.
            """,
        subcommands: [BackupPruneCommand.self, BackupDrillCommand.self])

    @OptionGroup var global: GlobalOptions

    @Option(name: .shortAndLong, help: BackupSettings.output.help)
    var output: String?

    @Option(name: .shortAndLong, help: BackupSettings.jobs.help)
    var jobs: String?

    @Option(help: BackupSettings.zstdLevel.help)
    var zstdLevel: String?

    @Option(help: BackupSettings.zstdThreads.help)
    var zstdThreads: String?

    @Option(help: BackupSettings.chunkSize.help)
    var chunkSize: String?

    @Option(help: BackupSettings.bundleLimit.help)
    var bundleLimit: String?

    @Option(
        name: .customLong("table"),
        help: ArgumentHelp("Only tables matching this pattern (schema.table or table; * and ?).", valueName: "pattern"))
    var tables: [String] = []

    @Option(
        name: .customLong("exclude-table"),
        help: ArgumentHelp("Leave out tables matching this pattern.", valueName: "pattern"))
    var excludedTables: [String] = []

    @Flag(help: "Schema only, no rows.")
    var schemaOnly = false

    @Flag(help: "Rows only, no schema (restores into existing tables).")
    var dataOnly = false

    @Option(help: BackupSettings.lockTimeout.help)
    var lockTimeout: String?

    @Option(help: BackupSettings.copyFormat.help)
    var copyFormat: String?

    @Option(help: BackupSettings.signWith.help)
    var signWith: String?

    @Option(help: BackupSettings.encryptTo.help)
    var encryptTo: [String] = []

    @Option(help: BackupSettings.drillOn.help)
    var drillOn: String?

    @Flag(
        help:
            "With --all-databases: keep the roles' password hashes in the server's globals (PostgreSQL: needs a superuser). Without it, MySQL/MariaDB accounts that had a password are restored locked."
    )
    var rolePasswords = false

    @Flag(
        help:
            "On a Galera node: hold commits for a moment (the node desyncs and pauses while it lasts) for several workers and an exact cluster position. Without it: one worker, the node left alone."
    )
    var galeraDesync = false

    @Flag(help: BackupSettings.blockDDL.help)
    var blockDDL = false

    @Flag(
        help:
            "PostgreSQL: leave the database's large objects (pg_largeobject) out; they travel in the schema archive otherwise (a --data-only backup of a database holding any is refused without this flag)."
    )
    var noLargeObjects = false

    /// A fleet writes one backup per target: the folder must name each target's apart.
    static func checkFleetOutput(_ pattern: String) throws {
        guard pattern == "-" || !(pattern.contains("{target}") || pattern.contains("{database}")) else { return }
        throw UsageError(
            "--output \(pattern): a fleet run writes one backup per target; put {target} and {database} in the folder name"
        )
    }

    /// No two members of a fleet run may write one folder: `{database}` alone names the same
    /// folder for same-named databases of two servers, `{target}` alone every database of
    /// one server's. Refused before any starts (each but the first would fail otherwise).
    func checkFleetFolders(_ environment: CommandEnvironment, _ members: [FleetMember]) throws {
        var writers: [String: String] = [:]
        for member in members {
            guard let target = member.target else { continue }
            let section = environment.configFile?.job("backup", target: target.targetName) ?? .empty
            let pattern = try options(section).output
            guard pattern != "-" else { continue }
            let database = member.part == .server ? FleetMember.globalsName : target.config.database
            // {timestamp} left as it is: members starting in one second would share it.
            let folder = (TargetPath.expand(pattern, database: database, target: target.targetName) as NSString)
                .standardizingPath
            if let other = writers[folder] {
                throw UsageError(
                    "--output \(pattern): \(other) and \(member.label) would both write \(folder); name each target's and database's folder apart ({target} and {database})"
                )
            }
            writers[folder] = member.label
        }
    }

    func run() throws {
        try CommandRunner.run(
            kind: .job, global: global, formats: [.text, .json], command: "backup",
            fleet: FleetUse(
                serverMember: FleetMember.globalsName, templates: true,
                checkFleet: { try Self.checkFleetOutput(self.options($0.settings("backup")).output) },
                checkMembers: { try self.checkFleetFolders($0, $1) })
        ) { environment in
            var options = try self.options(environment.settings("backup"))
            let pattern = options.output
            if environment.isFleetMember { try Self.checkFleetOutput(pattern) }
            if options.output == "-" && environment.stdoutIsTerminal {
                throw UsageError("--output - writes a binary stream: redirect or pipe stdout")
            }
            let target = try environment.target()
            if rolePasswords && !environment.isFleetMember {
                throw UsageError("--role-passwords goes with --all-databases (the server's globals)")
            }
            let database = environment.part == .server ? FleetMember.globalsName : target.config.database
            options.output = BackupCommand.expand(pattern, database: database, target: target.targetName)
            if environment.isFleetMember {
                // One folder per target: the folders the pattern names above each backup are
                // made (owner only), as a fleet's tree grows with its targets.
                let parent = ParentFolder.of(options.output)
                try FileManager.default.createDirectory(
                    atPath: parent, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            }

            return try JobHistory.recording(job: options.job, target: target.label, environment) {
                let summary: BackupSummary
                if environment.part == .server {
                    summary = try backupGlobals(target, options: options, environment: environment)
                } else {
                    summary = try backupDatabase(target, options: options, environment: environment)
                }
                return JobHistory.End(
                    code: summary.drill.map { $0.ok ? ExitStatus.ok : ExitStatus.failed } ?? ExitStatus.ok,
                    runs: Self.runs(summary, job: options.job, target: target.label), failure: nil)
            }
        }
    }

    func backupDatabase(_ target: ResolvedTarget, options: BackupOptions, environment: CommandEnvironment) throws
        -> BackupSummary
    {
        let progress = BackupProgress()
        let line = ProgressLine(progress, enabled: environment.stderrIsTerminal, verbose: global.verbose)
        line.start()
        defer { line.stop() }
        let scratch = try drillServer(environment, target: target, output: options.output)
        var summary: BackupSummary
        do { summary = try BackupRunner.run(target.config, options: options, progress: progress) } catch let error
            as DBError
        {
            throw error.prefixed("backup of \(target.label)")
        }
        if let scratch { summary.drill = try Self.drill(summary, on: scratch, jobs: options.jobs, progress) }
        line.stop()
        try BackupCommand.report(summary, environment: environment, toStderr: options.output == "-")
        return summary
    }

    /// The backup as the history store keeps it, and its drill when one followed.
    static func runs(_ summary: BackupSummary, job: String, target: String) -> [JobRun] {
        let folder = JobHistory.folder(summary.output)
        let started = Date().addingTimeInterval(-summary.seconds)
        var runs = [
            JobRun(
                target: target, job: job, startedAt: started, seconds: summary.seconds, outcome: "complete",
                rows: summary.rows, bytes: summary.compressedBytes, path: folder,
                detail: summary.database.isEmpty
                    ? "the server's globals"
                    : "\(summary.tables) tables, \(summary.uncompressedBytes) bytes before compression")
        ]
        if let drill = summary.drill { runs.append(BackupDrillCommand.run(drill, target: target, path: folder)) }
        return runs
    }

    /// The backup's options: flags over the config's [backup] keys over the defaults.
    func options(_ settings: ConfigSection) throws -> BackupOptions {
        guard let pattern = try BackupSettings.output.given(output, settings) else {
            throw UsageError("--output is required: a directory to create, or - for stdout")
        }
        var options = BackupOptions(output: pattern)
        try BackupSettings.jobs.apply(jobs, settings, to: &options.jobs)
        try BackupSettings.zstdLevel.apply(zstdLevel, settings, to: &options.zstdLevel)
        try BackupSettings.zstdThreads.apply(zstdThreads, settings, to: &options.zstdThreads)
        try BackupSettings.chunkSize.apply(chunkSize, settings, to: &options.chunkBytes)
        try BackupSettings.bundleLimit.apply(bundleLimit, settings, to: &options.bundleBytes)
        try BackupSettings.lockTimeout.apply(lockTimeout, settings, to: &options.lockTimeout)
        try BackupSettings.copyFormat.apply(copyFormat, settings, to: &options.copyFormat)
        options.include = tables
        options.exclude = excludedTables
        options.schemaOnly = schemaOnly
        options.dataOnly = dataOnly
        options.galeraDesync = galeraDesync
        options.blockDDL = try blockDDL || BackupSettings.blockDDL.resolve(nil, settings) == true
        options.noLargeObjects = noLargeObjects
        if schemaOnly && dataOnly { throw UsageError("--schema-only and --data-only exclude each other") }
        let signingPath = try BackupSettings.signWith.given(signWith, settings)
        let recipients = try encryptTo.isEmpty ? (BackupSettings.encryptTo.given(nil, settings) ?? []) : encryptTo
        do {
            options.signWith = try signingPath.map(SigningKey.load)
            options.encryptTo = try recipients.map(RecipientKey.load)
        } catch let error as DBError {
            throw UsageError(error.message)
        }
        // One keygen pair holds both keys; using it to sign and as a recipient would leave
        // the key that reads the backups on the host that takes them.
        if let signingPath, let opener = try? DecryptionKey.load(signingPath),
            options.encryptTo.contains(opener.recipient)
        {
            throw UsageError(
                "--sign-with \(signingPath) also decrypts the backups it would sign (--encrypt-to its own .pub): encrypt to a key pair whose private file stays off this host"
            )
        }
        return options
    }

    /// The drill right after the backup. The backup is complete whatever it finds; the exit
    /// code says whether it is proven.
    static func drill(_ summary: BackupSummary, on scratch: ConnectionConfig, jobs: Int, _ progress: BackupProgress)
        throws -> DrillReport
    {
        do {
            return try RestoreDrill.run(
                summary.output, scratch: scratch, jobs: jobs, contentKey: summary.contentKey, progress: progress)
        } catch {
            if Interruption.shared.signal != nil { throw error }
            return .failed(summary.output, error: error, seconds: 0)
        }
    }

    /// `--drill-on` (or `drill_on`, DBOPS_DRILL_URL): the scratch server, with the target's
    /// timeouts. A URL on the command line must not hold a password (ps shows it).
    func drillServer(_ environment: CommandEnvironment, target: ResolvedTarget, output: String) throws
        -> ConnectionConfig?
    {
        let settings = environment.settings("backup")
        guard
            let url = try BackupSettings.drillOn.given(drillOn, settings)
                ?? environment.environment["DBOPS_DRILL_URL"].flatMap({ $0.isEmpty ? nil : $0 })
        else { return nil }
        guard output != "-" else { throw UsageError("--drill-on needs a backup folder, not the stream form (-o -)") }
        var config: ConnectionConfig
        do { config = try ConnectionURL.parse(url) } catch let error as DBError {
            throw UsageError("--drill-on: \(error.message)")
        }
        if drillOn != nil, config.password != nil {
            throw UsageError(
                "--drill-on must not hold a password (visible in ps); use DBOPS_DRILL_URL or drill_on in the config")
        }
        guard config.engine == target.config.engine else {
            throw UsageError(
                "--drill-on is a \(config.engine.displayName) server; the backup is of \(target.config.engine.displayName)"
            )
        }
        config.connectTimeout = target.config.connectTimeout
        config.stallTimeout = target.config.stallTimeout
        // The same login on the same server (another database of it): the target's
        // password, from wherever the target got it.
        if config.password == nil, config.user == target.config.user, config.host == target.config.host,
            config.port == target.config.port, config.socket == target.config.socket
        {
            config.password = target.config.password
        }
        return config
    }

    /// A whole-server fleet's member for the server itself: its globals.
    func backupGlobals(_ target: ResolvedTarget, options: BackupOptions, environment: CommandEnvironment) throws
        -> BackupSummary
    {
        let summary: BackupSummary
        do {
            summary = try GlobalsBackup.run(
                target.config, output: options.output, passwords: rolePasswords, zstdLevel: options.zstdLevel,
                signWith: options.signWith, encryptTo: options.encryptTo)
        } catch let error as DBError {
            throw error.prefixed("backup of the globals of \(target.label)")
        }
        try BackupCommand.report(summary, environment: environment, toStderr: false)
        return summary
    }

    static func expand(_ pattern: String, database: String?, target: String? = nil) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd'T'HHmmss'Z'"
        return TargetPath.expand(pattern, database: database, target: target)
            .replacingOccurrences(of: "{timestamp}", with: formatter.string(from: Date()))
    }

    static func report(_ summary: BackupSummary, environment: CommandEnvironment, toStderr: Bool) throws {
        let write: (String) -> Void = toStderr ? { StandardStreams.err($0) } : environment.write
        environment.warn(summary.warnings)
        if environment.format == .json {
            write(try JSONOutput.encode(summary))
        } else if environment.isFleetMember || (toStderr ? environment.stderrIsTerminal : environment.stdoutIsTerminal)
        {
            let ratio =
                summary.compressedBytes > 0 ? Double(summary.uncompressedBytes) / Double(summary.compressedBytes) : 0
            var text =
                "backed up \(summary.database.isEmpty ? "the server's globals" : FlatText.line(summary.database)) to \(FlatText.line(summary.output)): \(summary.tables) tables, \(summary.rows) rows, "
            text +=
                "\(Format.bytes(Double(summary.uncompressedBytes))) -> \(Format.bytes(Double(summary.compressedBytes)))"
            text += String(format: " (%.1fx) in %.1fs", ratio, summary.seconds)
            if let keys = summary.encryptedTo { text += ", encrypted to \(keys.joined(separator: ", "))" }
            text += "\n"
            if let drill = summary.drill { text += "drill: " + DrillRenderer.text([drill], tree: false) }
            write(text)
        }
    }
}
