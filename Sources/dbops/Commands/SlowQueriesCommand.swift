import ArgumentParser
import DBCore
import Foundation
import Health

struct SlowQueriesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "slow-queries",
        abstract: "The statements that cost the most: pg_stat_statements, performance_schema, or a slow query log.",
        discussion: """
            The server's counters are cumulative. With --snapshot FILE, dbops stores what it read \
            and reports only what happened since the previous run (a reset or restart in between is \
            detected and said), so an hourly cron job reports the last hour without ever resetting \
            the server's statistics. Limits: mean_ms (mean time of a statement) and share_pct (its \
            share of all time), with the monitoring exit codes (0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN).
            """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: MonitoringOutput

    @Option(name: .shortAndLong, help: SlowQueriesSettings.limit.help)
    var limit: String?

    @Option(help: SlowQueriesSettings.orderBy.help)
    var orderBy: String?

    @Option(help: SlowQueriesSettings.minMean.help)
    var minMean: String?

    @Flag(
        help:
            "Also list statements on the server's catalogs and session settings (monitoring's, dbops' own), left out by default."
    )
    var includeSelf = false

    @Option(help: SlowQueriesSettings.snapshot.help)
    var snapshot: String?

    @Option(
        help: ArgumentHelp(
            "Read a MySQL/MariaDB slow query log instead of the server's statistics (no server needed).",
            valueName: "path"))
    var slowLog: String?

    @Flag(help: "Show EXPLAIN for the listed statements (never ANALYZE unless --analyze).")
    var explain = false

    @Flag(help: "With --explain: EXPLAIN ANALYZE, which runs the statement; only SELECTs with a literal example.")
    var analyze = false

    @Option(
        name: .customLong("warn"),
        help: ArgumentHelp("Warning limit: mean_ms=VALUE or share_pct=VALUE.", valueName: "name=value"))
    var warnings: [String] = []

    @Option(
        name: .customLong("crit"),
        help: ArgumentHelp("Critical limit: mean_ms=VALUE or share_pct=VALUE.", valueName: "name=value"))
    var criticals: [String] = []

    func run() throws {
        try CommandRunner.run(
            kind: .check, global: global, command: "slow-queries", output: output.file,
            fleet: FleetUse(
                expandsAllDatabases: false, light: true,
                checkFleet: { environment in
                    var path: String?
                    try SlowQueriesSettings.snapshot.apply(snapshot, environment.settings("slow_queries"), to: &path)
                    try TargetPath.checkFleet(path, option: "--snapshot", keeps: "snapshot")
                })
        ) {
            environment in
            let settings = environment.settings("slow_queries")
            var options = SlowQueryOptions()
            try SlowQueriesSettings.limit.apply(limit, settings, to: &options.limit)
            try SlowQueriesSettings.orderBy.apply(orderBy, settings, to: &options.orderBy)
            try SlowQueriesSettings.minMean.apply(minMean, settings, to: &options.minMean)
            options.allDatabases = global.allDatabases
            options.includeSelf = includeSelf
            try SlowQueriesSettings.snapshot.apply(snapshot, settings, to: &options.snapshotFile)
            options.explain = explain || analyze
            options.explainAnalyze = analyze
            let defaults = Dictionary(uniqueKeysWithValues: SlowQueryOptions.thresholdNames.map { ($0, Thresholds()) })
            options.thresholds = try ThresholdOptions.merge(
                defaults, config: settings, warnings: warnings, criticals: criticals,
                what: "slow-queries")
            let report: SlowQueryReport
            if let path = slowLog {
                if snapshot != nil {
                    throw UsageError("--snapshot works with the server's statistics, not with --slow-log")
                }
                let target = explain ? try environment.target() : nil
                report = try SlowQueryRunner.run(
                    slowLog: path, explainWith: target?.config, label: path, options: options)
            } else {
                let target = try environment.target()
                // One snapshot a target: targets sharing one file would each replace the
                // other's, and no run would see a difference.
                options.snapshotFile = try options.snapshotFile.map { path in
                    if environment.isFleetMember {
                        try TargetPath.checkFleet(path, option: "--snapshot", keeps: "snapshot")
                    }
                    return TargetPath.expand(path, for: target)
                }
                do { report = try SlowQueryRunner.run(target.config, label: target.label, options: options) } catch let
                    error as DBError
                {
                    throw error.prefixed(target.label)
                }
            }
            environment.write(
                try SlowQueryRenderer.render(report, format: environment.format, color: environment.useColor))
            return ThresholdOptions.exitCode(report.status)
        }
    }
}
