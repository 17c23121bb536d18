import Archive
import ArgumentParser
import DBCore
import Foundation

/// Pacing options every maintenance job (cleanup, partitions, archive) takes.
struct MaintenanceOptionGroup: ParsableArguments {
    @Option(help: "Rows per batch, each its own transaction (default 1000; shrinks while batches run long).")
    var batchSize: Int?

    @Option(help: ArgumentHelp("Pause between batches (default 50ms).", valueName: "duration"))
    var pause: String?

    @Option(help: ArgumentHelp("Stop cleanly after this long (e.g. 10m); a re-run carries on.", valueName: "duration"))
    var maxRuntime: String?

    @Option(help: ArgumentHelp("Wait between batches while a replica is more than this far behind (e.g. 5s).", valueName: "duration"))
    var maxLag: String?

    @Option(name: .customLong("replica"), help: ArgumentHelp("A replica to watch for --max-lag (MySQL primaries do not report their replicas); no password in it — the target's is used, or put URLs in DBOPS_REPLICA_URLS.", valueName: "url"))
    var replicas: [String] = []

    @Option(help: ArgumentHelp("Longest a statement waits for a lock before its batch is retried later (default 500ms).", valueName: "duration"))
    var lockTimeout: String?

    @Flag(help: "Print what would be done (counts and the exact SQL) and change nothing.")
    var dryRun = false

    @Option(name: .customLong("output"), help: ArgumentHelp("Write the summary to this file, replaced whole (temporary file, fsync, rename) — for node_exporter's textfile collector.", valueName: "file"))
    var outputFile: String?

    /// The flag's duration, else the config key's, each checked against `range`.
    func duration(_ flag: String?, _ option: String, _ settings: ConfigSection, _ key: String,
                  _ range: ClosedRange<Double>) throws -> Double? {
        if let flag { return try HumanInput.duration(flag, option: option, range: range) }
        return try settings.duration(key, range: range)
    }

    func options(_ environment: CommandEnvironment, job: String, target: ResolvedTarget) throws -> MaintenanceOptions {
        let settings = environment.settings(job)
        var options = MaintenanceOptions()
        if let size = try batchSize.map({ try HumanInput.integer($0, option: "--batch-size", range: Limits.batchSize) })
            ?? settings.integer("batch_size", range: Limits.batchSize) {
            options.batchSize = size
        }
        if let seconds = try duration(pause, "--pause", settings, "pause", Limits.pause) { options.pause = seconds }
        options.maxRuntime = try duration(maxRuntime, "--max-runtime", settings, "max_runtime", Limits.maxRuntime)
        options.maxLag = try duration(maxLag, "--max-lag", settings, "max_lag", Limits.maxLag)
        if let seconds = try duration(lockTimeout, "--lock-timeout", settings, "lock_timeout", Limits.lockTimeout) {
            options.lockTimeout = seconds
        }
        var urls = replicas
        urls += try settings.strings("replicas") ?? []
        if let fromEnvironment = environment.environment["DBOPS_REPLICA_URLS"] {
            urls += fromEnvironment.split(separator: " ").map(String.init)
        }
        for url in urls {
            var config: ConnectionConfig
            do { config = try ConnectionURL.parse(url) } catch let error as DBError { throw UsageError("--replica: \(error.message)") }
            if replicas.contains(url), config.password != nil {
                throw UsageError("--replica URLs must not hold a password (visible in ps); put them in DBOPS_REPLICA_URLS")
            }
            guard config.engine == target.config.engine else { throw UsageError("--replica \(config.redacted) is not a \(target.config.engine.rawValue) server") }
            config.connectTimeout = target.config.connectTimeout
            if config.password == nil { config.password = target.config.password }
            if config.database == nil { config.database = target.config.database }
            options.replicas.append(config)
        }
        if !options.replicas.isEmpty, options.maxLag == nil {
            throw UsageError("--replica needs --max-lag: the lag limit replicas are held to")
        }
        options.dryRun = dryRun
        return options
    }
}

/// Runs a maintenance job under the exit-code contract: the summary is printed whatever
/// happened; a failed run exits 1 with its error on stderr, an interrupted one 130/143.
func runMaintenance(_ global: GlobalOptions, job: String, output: String?, _ body: (CommandEnvironment) throws -> MaintenanceReport) throws {
    try CommandRunner.run(kind: .job, global: global, command: job, output: output) { environment in
        let report: MaintenanceReport
        do {
            report = try body(environment)
        } catch let error as DBError {
            throw (try? environment.target()).map { error.prefixed($0.label) } ?? error
        }
        environment.write(try MaintenanceRenderer.render(report, format: environment.format))
        if report.outcome == .failed {
            throw JobFailed(description: "\(report.target): \(report.error ?? "\(job) failed")")
        }
        return ExitStatus.ok
    }
}

/// A job that ran and failed part-way (its summary is already printed): exit 1.
struct JobFailed: Error, CustomStringConvertible {
    let description: String
}
