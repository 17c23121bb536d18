import DBCore
import Foundation

/// `--output FILE` for monitoring: node_exporter's textfile collector reads the file at any
/// moment, so it is only ever replaced whole (a temporary file beside it, fsync, rename).
/// With Prometheus output the file also carries dbops' own run metrics: a run skipped
/// because another holds the job's lock keeps the last run's figures and says
/// `dbops_run_skipped 1`; a run that failed before it could report says
/// `dbops_run_success 0` beside the last figures; never a blank or half-written file.
enum MonitoringFile {
    static let runFamilies = ["dbops_run_success", "dbops_run_skipped", "dbops_run_last_attempt_timestamp_seconds"]

    /// A run that produced its output.
    static func write(_ text: String, to path: String, format: OutputFormat, command: String, success: Bool) throws {
        var content = text
        if format == .prometheus {
            content += runMetrics(command: command, success: success, skipped: false)
        }
        try DurableFiles.writeAtomically(Data(content.utf8), to: path)
    }

    /// A run that ended without output: the previous figures stay, the run metrics say why.
    static func mark(_ path: String, command: String, skipped: Bool) {
        // Only a file has last figures; reading /dev/stdout would wait on the terminal.
        var previous =
            DurableFiles.kind(of: path) == S_IFREG ? (try? String(contentsOfFile: path, encoding: .utf8)) ?? "" : ""
        var success = false
        if skipped, let line = previous.split(separator: "\n").first(where: { $0.hasPrefix("dbops_run_success{") }) {
            success = line.hasSuffix(" 1")  // a skip says nothing of the last run's success
        }
        previous = previous.split(separator: "\n", omittingEmptySubsequences: false)
            .filter { line in
                !runFamilies.contains { family in
                    line.hasPrefix(family + "{") || line.hasPrefix(family + " ")
                        || line.hasPrefix("# HELP \(family) ") || line.hasPrefix("# TYPE \(family) ")
                }
            }
            .joined(separator: "\n")
        if !previous.isEmpty && !previous.hasSuffix("\n") { previous += "\n" }
        try? DurableFiles.writeAtomically(
            Data((previous + runMetrics(command: command, success: success, skipped: skipped)).utf8), to: path)
    }

    static func runMetrics(command: String, success: Bool, skipped: Bool) -> String {
        var writer = PrometheusWriter()
        let labels = [("command", command)]
        writer.gauge(
            "dbops_run_success",
            "1 when dbops' last run of this command ran to its report (checks: whatever the state), 0 when it failed.",
            labels: labels, value: success ? 1 : 0)
        writer.gauge(
            "dbops_run_skipped", "1 when the last run was skipped because another run held the job's lock.",
            labels: labels,
            value: skipped ? 1 : 0)
        writer.gauge(
            "dbops_run_last_attempt_timestamp_seconds", "When dbops last tried this command.", labels: labels,
            value: Date().timeIntervalSince1970.rounded())
        return writer.render()
    }

    /// The file's folder must exist (created files never create folders).
    static func validate(_ path: String) throws {
        try FileOption.requireFolder(of: path, option: "--output")
    }
}
