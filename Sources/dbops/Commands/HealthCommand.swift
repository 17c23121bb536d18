import ArgumentParser
import DBCore
import Foundation
import Health

struct HealthCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "health",
        abstract: "Run every health check against one server, with warning/critical thresholds.",
        discussion: """
            Exit codes follow the monitoring-plugin convention: 0 OK, 1 WARNING, 2 CRITICAL \
            (an unreachable server is CRITICAL), 3 UNKNOWN. Run `dbops health --list` to see \
            the checks and their default limits; change a limit with --warn NAME=VALUE or \
            --crit NAME=VALUE (VALUE "off" removes it), or in the config file's \
            [health.thresholds.NAME] table.
            """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: MonitoringOutput

    @Option(name: .customLong("check"), help: HealthSettings.checks.help, completion: .list(Completions.checkNames))
    var checks: [String] = []

    @Option(name: .customLong("warn"), help: ArgumentHelp("Warning limit for a check.", valueName: "name=value"))
    var warnings: [String] = []

    @Option(name: .customLong("crit"), help: ArgumentHelp("Critical limit for a check.", valueName: "name=value"))
    var criticals: [String] = []

    @Option(help: HealthSettings.statementTimeout.help)
    var statementTimeout: String?

    @Option(help: HealthSettings.largestTables.help)
    var largestTables: String?

    @Option(help: HealthSettings.galeraClusterSize.help)
    var galeraClusterSize: String?

    @Option(help: HealthSettings.queueWindow.help)
    var queueWindow: String?

    @Option(help: HealthSettings.snapshot.help)
    var snapshot: String?

    @Flag(help: "List the checks of both engines with their default limits, then exit.")
    var list = false

    func run() throws {
        try CommandRunner.run(
            kind: .check, global: global, formats: list ? [.text, .json] : [.text, .json, .prometheus, .nagios],
            command: "health", output: output.file,
            fleet: FleetUse(serverMember: FleetMember.serverName, light: true)
        ) { environment in
            if list {
                environment.write(environment.format == .json ? try Self.catalogJSON() : Self.catalogText())
                return ExitStatus.ok
            }
            let target = try environment.target()
            let settings = environment.settings("health")
            var options = try HealthCommand.options(
                engine: target.config.engine, settings: settings, checkSettings: environment.settings("checks"),
                checks: checks, warnings: warnings, criticals: criticals,
                statementTimeout: statementTimeout, largestTables: largestTables)
            try HealthSettings.galeraClusterSize.apply(galeraClusterSize, settings, to: &options.galeraClusterSize)
            try HealthSettings.queueWindow.apply(queueWindow, settings, to: &options.queueWindow)
            options.profiles = try AnalyticsProfileConfig.profiles(environment.settings("analytics"))
            try HealthSettings.snapshot.apply(snapshot, settings, to: &options.snapshotFile)
            if let file = options.snapshotFile { try FileOption.requireFolder(of: file, option: "--snapshot") }
            // A fleet of one server's databases reads the server once, not once a database.
            switch environment.part {
            case .whole: break
            case .server: options.scopes = [.server]
            case .database: options.scopes = [.database]
            }
            let report = HealthRunner.run(target.config, options: options)
            environment.write(
                try HealthRenderer.render(
                    report, format: environment.format, label: target.label,
                    verbose: global.verbose, color: environment.useColor))
            return ThresholdOptions.exitCode(report.status)
        }
    }

    /// Options from the config file, then the command line (which wins).
    static func options(
        engine: Engine, settings: ConfigSection, checkSettings: ConfigSection, checks: [String], warnings: [String],
        criticals: [String], statementTimeout: String?, largestTables: String? = nil
    ) throws -> HealthOptions {
        var options = HealthOptions()
        let custom = try CustomCheckSettings.checks(checkSettings, engine: engine)
        options.custom = custom
        let catalog = HealthRunner.catalog(for: engine, custom: custom)
        // One config serves a fleet of both engines: a check or limit only the other engine
        // has is skipped here, not an error (a misspelt name, known to none, still is).
        let elsewhere = try Self.checkNames(checkSettings).subtracting(catalog.map(\.name))
        let requested = checks.flatMap { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } }
        let asked = try HealthSettings.checks.resolve(requested, settings)
        let unknown = HealthRunner.unknownChecks(asked, engine: engine, custom: custom).filter {
            !elsewhere.contains($0)
        }
        if !unknown.isEmpty {
            throw UsageError(
                "unknown check \(unknown.joined(separator: ", ")) for \(engine.rawValue) (checks: \(catalog.map(\.name).joined(separator: ", ")))"
            )
        }
        options.checks = asked.filter { !elsewhere.contains($0) }
        if !asked.isEmpty && options.checks.isEmpty {
            throw UsageError("no check asked for runs on \(engine.rawValue): \(asked.joined(separator: ", "))")
        }
        try HealthSettings.statementTimeout.apply(statementTimeout, settings, to: &options.session.statementTimeout)
        try HealthSettings.largestTables.apply(largestTables, settings, to: &options.largestTables)

        var defaults: [String: Thresholds] = [:]
        for info in catalog { defaults[info.name] = info.defaults }
        options.thresholds = try ThresholdOptions.merge(
            defaults, config: settings, warnings: warnings, criticals: criticals,
            what: "health checks of \(engine.rawValue)", elsewhere: elsewhere)
        return options
    }

    /// Every check name any engine runs, built-in or the config's [checks.NAME].
    static func checkNames(_ checkSettings: ConfigSection) throws -> Set<String> {
        var names: Set<String> = []
        for engine in Engine.allCases {
            let custom = try CustomCheckSettings.checks(checkSettings, engine: engine)
            names.formUnion(HealthRunner.catalog(for: engine, custom: custom).map(\.name))
        }
        return names
    }

    /// `health --list --format json`: dbops.health-checks/v1.
    static func catalogJSON() throws -> String {
        struct Entry: Encodable {
            let engine: String, name: String, measures: String
            let warning: Double?, critical: Double?, direction: String
        }
        struct Catalog: Encodable { let schema = "dbops.health-checks/v1"; let checks: [Entry] }
        var entries: [Entry] = []
        for engine in Engine.allCases {
            for info in HealthRunner.catalog(for: engine) {
                entries.append(
                    Entry(
                        engine: engine.rawValue, name: info.name, measures: info.help, warning: info.defaults.warning,
                        critical: info.defaults.critical, direction: info.defaults.direction.rawValue))
            }
        }
        return try JSONOutput.encode(Catalog(checks: entries))
    }

    static func catalogText() -> String {
        var out = ""
        for engine in Engine.allCases {
            out += "\(engine.displayName) checks:\n"
            var table = TextTable(["CHECK", "LIMITS", "MEASURES"])
            table.maxCellWidth = 120
            for info in HealthRunner.catalog(for: engine) {
                table.add([
                    info.name, info.defaults.shortDescription.isEmpty ? "-" : info.defaults.shortDescription, info.help,
                ])
            }
            out += table.render() + "\n"
        }
        return out
    }
}
