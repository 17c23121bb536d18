import Analytics
import Archive
import ArgumentParser
import DBCore
import Foundation
import Health
import History

struct SnapshotCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "snapshot",
        abstract: "Record a target's health values, statement work, sizes and analytics days in the history store.",
        discussion: """
            Meant for cron (every few minutes to hourly), on one target or a fleet selection: \
            each target's values are stored with the time, statement statistics as what ran \
            since its previous snapshot (the server's statistics are never reset), analytics \
            only for days not stored yet and the current day. A part that cannot be read (no \
            pg_stat_statements, no analytics profile) is noted and the rest stored; a target \
            that cannot be reached, or stops answering midway (what was read is stored), fails \
            (exit 1). `dbops history` prints what is stored.
            """)

    @OptionGroup var global: GlobalOptions

    @Option(help: HistorySettings.store.help)
    var history: String?

    @Option(help: HistorySettings.keep.help)
    var keep: String?

    @Option(help: HistorySettings.analyticsDays.help)
    var analyticsDays: String?

    func run() throws {
        try CommandRunner.run(
            kind: .job, global: global, formats: [.text, .json], command: "snapshot",
            fleet: FleetUse(serverMember: FleetMember.serverName)
        ) { environment in
            let target = try environment.target()
            let settings = environment.settings("history")
            let location = try HistorySettings.location(history, settings, environment: environment.environment)
            var options = SnapshotOptions()
            options.keepSeconds = try HistorySettings.keep.resolve(keep, settings)
            try HistorySettings.analyticsDays.apply(analyticsDays, settings, to: &options.analyticsDays)
            let health = environment.settings("health")
            options.health = try HealthCommand.options(
                engine: target.config.engine, settings: health, checkSettings: environment.settings("checks"),
                checks: [], warnings: [], criticals: [], statementTimeout: nil)
            var analytics = AnalyticsOptions(since: "30d")
            let analyticsSettings = environment.settings("analytics")
            try AnalyticsSettings.profile.apply(nil, analyticsSettings, to: &analytics.profile)
            try AnalyticsSettings.timeZone.apply(nil, analyticsSettings, to: &analytics.timeZone)
            try AnalyticsSettings.statementTimeout.apply(nil, analyticsSettings, to: &analytics.statementTimeout)
            analytics.profiles = try AnalyticsProfileConfig.profiles(analyticsSettings)
            options.analytics = analytics
            var partitions = PartitionOptions()
            let partitionSettings = environment.settings("partitions")
            partitions.rules = try PartitionsCommand.configuredRules(partitionSettings)
            partitions.builtIn = try MaintenanceOptionGroup.builtIn(.partitions, environment, noBuiltin: false)
            try PartitionsSettings.premake.apply(nil, partitionSettings, to: &partitions.premake)
            options.partitions = partitions
            // A fleet of one server's databases: the server's part once, each database's own.
            switch environment.part {
            case .whole: break
            case .server:
                options.health.scopes = [.server]
                options.sizes = false
                options.statements = false
                options.indexAdvice = false
                options.analytics = nil
                options.partitions = nil
            case .database: options.health.scopes = [.database]
            }
            let store = try location.open()
            let snapshot: TargetSnapshot
            do {
                snapshot = try SnapshotRunner.run(target.config, label: target.label, store: store, options: options)
            } catch let error as DBError {
                throw error.prefixed(target.label)
            }
            environment.write(try HistoryRenderer.render(snapshot, store: location.shown, format: environment.format))
            // What was read is stored; but a server that stopped answering midway needs
            // looking at, and a cron run that only noted it would say all was well.
            guard snapshot.unanswered.isEmpty else {
                throw DBError(
                    .connectionLost,
                    "\(target.label): the server stopped answering during the snapshot: \(snapshot.unanswered.joined(separator: ", ")) not recorded (what was read is stored)"
                )
            }
            return ExitStatus.ok
        }
    }
}
