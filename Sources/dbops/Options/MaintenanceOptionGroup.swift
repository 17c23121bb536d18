import Archive
import ArgumentParser
import DBCore
import History
import Foundation

/// Pacing options every maintenance job (cleanup, partitions, archive) takes.
struct MaintenanceOptionGroup: ParsableArguments {
    @Option(help: PacingSettings.help(\.batchSize))
    var batchSize: String?

    @Option(help: PacingSettings.help(\.pause))
    var pause: String?

    @Option(help: PacingSettings.help(\.maxRuntime))
    var maxRuntime: String?

    @Option(help: PacingSettings.help(\.maxLag))
    var maxLag: String?

    @Option(help: PacingSettings.help(\.maxFlowControl))
    var maxFlowControl: String?

    @Option(name: .customLong("replica"), help: PacingSettings.help(\.replicas))
    var replicas: [String] = []

    @Option(help: PacingSettings.help(\.lockTimeout))
    var lockTimeout: String?

    @Flag(help: "Print what would be done (counts and the exact SQL) and change nothing.")
    var dryRun = false

    @OptionGroup var output: MonitoringOutput

    var outputFile: String? { output.file }

    /// Sets `options` (holding the job's library defaults) from the flags, else the job's
    /// config section.
    func apply(
        to options: inout MaintenanceOptions, _ environment: CommandEnvironment, job: PacingSettings,
        target: ResolvedTarget
    ) throws {
        let settings = environment.settings(job.job)
        try job.batchSize.apply(batchSize, settings, to: &options.batchSize)
        try job.pause.apply(pause, settings, to: &options.pause)
        try job.maxRuntime.apply(maxRuntime, settings, to: &options.maxRuntime)
        try job.maxLag.apply(maxLag, settings, to: &options.maxLag)
        try job.maxFlowControl.apply(maxFlowControl, settings, to: &options.maxFlowControl)
        try job.lockTimeout.apply(lockTimeout, settings, to: &options.lockTimeout)
        var urls = replicas
        urls += try job.replicas.given(nil, settings) ?? []
        if let fromEnvironment = environment.environment["DBOPS_REPLICA_URLS"] {
            urls += fromEnvironment.split(separator: " ").map(String.init)
        }
        for url in urls {
            var config: ConnectionConfig
            do { config = try ConnectionURL.parse(url) } catch let error as DBError {
                throw UsageError("--replica: \(error.message)")
            }
            if replicas.contains(url), config.password != nil {
                throw UsageError(
                    "--replica URLs must not hold a password (visible in ps); put them in DBOPS_REPLICA_URLS")
            }
            guard config.engine == target.config.engine else {
                throw UsageError("--replica \(config.redacted) is not a \(target.config.engine.rawValue) server")
            }
            config.connectTimeout = target.config.connectTimeout
            if config.password == nil { config.password = target.config.password }
            if config.database == nil { config.database = target.config.database }
            options.replicas.append(config)
        }
        if !options.replicas.isEmpty, options.maxLag == nil {
            throw UsageError("--replica needs --max-lag: the lag limit replicas are held to")
        }
        options.dryRun = dryRun
    }

    /// The job's `builtin` key (the applications' rules apply unless it or --no-builtin says no).
    static func builtIn(_ job: PacingSettings, _ environment: CommandEnvironment, noBuiltin: Bool) throws -> Bool {
        try !noBuiltin && job.builtin.resolve(nil, environment.settings(job.job)) ?? true
    }
}

/// Runs a maintenance job under the exit-code contract: the summary is printed whatever
/// happened; a failed run exits 1 with its error on stderr, an interrupted one 130/143.
/// `recordAs`: the job's name in the history store (nil for a dry run, which changes nothing).
func runMaintenance(
    _ global: GlobalOptions, job: String, output: String?, recordAs: String?, fleet: FleetUse = .job,
    _ body: @escaping (CommandEnvironment) throws -> MaintenanceReport
) throws {
    try CommandRunner.run(kind: .job, global: global, command: job, output: output, fleet: fleet) { environment in
        let target = try environment.target()
        return try JobHistory.recording(
            job: recordAs ?? job, target: target.label, environment, recorded: recordAs != nil
        ) {
            let report: MaintenanceReport
            do {
                report = try body(environment)
            } catch let error as DBError {
                throw error.prefixed(target.label)
            }
            environment.write(try MaintenanceRenderer.render(report, format: environment.format))
            let run = JobRun(
                target: target.label, job: recordAs ?? job, startedAt: report.startedAt, seconds: report.seconds,
                outcome: report.outcome.rawValue, rows: report.rows,
                detail: report.error ?? "\(report.rows) rows from \(report.tables.filter { $0.rows > 0 }.count) tables")
            let failure =
                report.outcome == .failed
                ? JobFailed(description: "\(report.target): \(report.error ?? "\(job) failed")") : nil
            return JobHistory.End(
                code: ExitStatus.ok, runs: report.outcome == .dryRun ? [] : [run], failure: failure)
        }
    }
}
