import ArgumentParser
import DBCore
import Foundation
import History

struct HistoryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history",
        abstract: "Print what `dbops snapshot` stored: the metrics, or one series over time.",
        discussion: """
            Without --metric: every metric stored, with its targets, subjects and time span. \
            With --metric NAME: its values per target and subject since --since, oldest first \
            (health.connections, table.total_bytes, index.scans, statement.total_ms, ...; \
            analytics.dau.active_users, analytics.latency.p95 with the function as subject, \
            analytics.cost.cost). --target (repeatable, * and ? globs) picks stored targets by \
            name; a fleet member's name is TARGET/DATABASE and TARGET picks them all.
            """)

    @OptionGroup var global: GlobalOptions

    @Option(help: HistorySettings.store.help)
    var history: String?

    @Option(help: ArgumentHelp("The series to print; without it, the metrics stored are listed.", valueName: "name"))
    var metric: String?

    @Option(
        help: ArgumentHelp("Only this subject: a table, index, statement id or analytics group.", valueName: "name"))
    var subject: String?

    @Option(
        help: ArgumentHelp(
            "How far back: a duration (90d, 12h) or a date (2026-03-29); 30d when not given.", valueName: "when"))
    var since: String?

    func run() throws {
        try CommandRunner.run(
            kind: .job, global: global, formats: [.text, .csv, .json], command: "history", fleet: .stored
        ) { environment in
            try StoredHistoryUse.refuseConnectionOptions(global, command: "history")
            let start = try StoredHistoryUse.start(since)
            let (store, shown) = try HistorySettings.existingStore(history, environment)
            let query = HistoryQuery(store: store, targets: global.targets, since: start)
            guard let metric else {
                environment.write(
                    try HistoryRenderer.render(try query.metrics(), store: shown, format: environment.format))
                return ExitStatus.ok
            }
            let points = try query.series(metric, subject: subject)
            environment.write(
                try HistoryRenderer.render(points, metric: metric, since: start, format: environment.format))
            return ExitStatus.ok
        }
    }
}
