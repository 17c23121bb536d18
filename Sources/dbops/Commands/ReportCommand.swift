import ArgumentParser
import DBCore
import Foundation
import History

struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "A report of what the history holds: an HTML page with charts, or the same as JSON or CSV.",
        discussion: """
            Reads the history store only (dbops snapshot fills it), for the targets --target \
            picks (default all) over --since: the fleet's states and what changed since the \
            previous report, DAU/WAU/MAU, cost per day by function or model, latency \
            percentiles per day, the statements that took the most time with a sparkline and \
            a flag when their mean time rose past --slower-percent, table growth with the days \
            until --capacity, and the latest index advice with its statements. --html FILE \
            writes one self-contained page (inline CSS and SVG, nothing fetched); --format \
            json prints dbops.report/v2; --format csv prints every series in long form.
            """)

    @OptionGroup var global: GlobalOptions

    @Option(help: HistorySettings.store.help)
    var history: String?

    @Option(help: ArgumentHelp("Write the HTML page here (atomically).", valueName: "file"))
    var html: String?

    @Option(
        help: ArgumentHelp(
            "How far back: a duration (30d, 12h) or a date (2026-03-29); 30d when not given.", valueName: "when"))
    var since: String?

    @Option(help: ReportSettings.slowerPercent.help)
    var slowerPercent: String?

    @Option(help: ReportSettings.capacity.help)
    var capacity: String?

    @Option(help: ReportSettings.top.help)
    var top: String?

    func run() throws {
        try CommandRunner.run(
            kind: .job, global: global, formats: [.text, .json, .csv], command: "report", fleet: .stored
        ) { environment in
            try StoredHistoryUse.refuseConnectionOptions(global, command: "report")
            let start = try StoredHistoryUse.start(since)
            if let html { try FileOption.requireFolder(of: html, option: "--html") }
            let settings = environment.settings("report")
            var options = ReportOptions(since: start)
            try ReportSettings.slowerPercent.apply(slowerPercent, settings, to: &options.slowerPercent)
            options.capacityBytes = try ReportSettings.capacity.given(capacity, settings).map(Double.init)
            try ReportSettings.top.apply(top, settings, to: &options.topStatements)
            options.topTables = options.topStatements
            let (store, _) = try HistorySettings.existingStore(history, environment)
            let query = HistoryQuery(store: store, targets: global.targets, since: start)
            let report = try ReportBuilder.build(query, options: options)
            if let html {
                try DurableFiles.writeAtomically(Data(HTMLReportRenderer.render(report).utf8), to: html)
            }
            environment.write(try ReportRenderer.render(report, html: html, format: environment.format))
            try store.recordReport(at: options.until, targets: ReportBuilder.selectionKey(query))
            return ExitStatus.ok
        }
    }
}
