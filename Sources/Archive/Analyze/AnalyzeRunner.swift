import DBCore
import Foundation

/// `dbops analyze`: fresh planner statistics for the tables whose statistics are stale
/// (AI_SMARTLITE's "Regular ANALYZE TABLE", done only where it is needed). One ANALYZE per
/// table under the job's lock, each bounded by a short lock wait: a table another session
/// holds is left for the next run rather than queued behind, and on MySQL/MariaDB nothing
/// runs while a long statement would make the application queue behind ANALYZE TABLE.
public enum AnalyzeRunner {
    public static let job = "analyze"
    static let rule = "stale statistics"

    public static func run(_ config: ConnectionConfig, label: String, options: AnalyzeOptions) throws
        -> MaintenanceReport
    {
        let session = try MaintenanceSession(config, job: job, options: options.maintenance, writes: false)
        let connection = session.connection
        var report = MaintenanceReport(job: job, target: label, database: config.database ?? "", startedAt: Date())
        report.notes += session.notes
        let started = Date()
        let stale = try staleTables(connection, options, notes: &report.notes)
        if options.maintenance.dryRun { report.outcome = .dryRun }
        for (index, table) in stale.enumerated() {
            var work = TableWork(rule: rule, table: table.label, description: table.reason)
            work.rows = table.changed
            let statement = try SQLTemplate.named(.statisticsAnalyze, server: connection.server).render(
                dialect: connection.dialect,
                fragments: ["table": .init(connection.dialect.qualified(table.schema, table.name))])
            if options.maintenance.dryRun {
                work.statements = [statement.shown]
                report.tables.append(work)
                continue
            }
            if Interruption.shared.isInterrupted {
                report.outcome = .interrupted
                break
            }
            if let most = options.maintenance.maxRuntime, Date().timeIntervalSince(started) >= most {
                report.outcome = .stoppedAtMaxRuntime
                break
            }
            if let reason = try connection.engine.statistics.holdBack(
                connection, maxStatementAge: options.maxStatementAge)
            {
                report.notes.append(
                    "\(reason); not analyzed: " + stale[index...].map(\.label).joined(separator: ", "))
                break
            }
            guard try analyze(table, statement, connection, options, into: &work, &report) else {
                if report.outcome == .failed, index + 1 < stale.count {
                    report.notes.append(
                        "not analyzed: " + stale[(index + 1)...].map(\.label).joined(separator: ", "))
                }
                break
            }
            report.tables.append(work)
        }
        report.seconds = Date().timeIntervalSince(started)
        return report
    }

    /// One table's ANALYZE; false when the run stops here (interrupted, or the connection
    /// lost: a server that stopped answering or went away answers no later table either).
    /// A table held by another session is left for the next run; one that fails (a missing
    /// privilege, say) does not stop the others, but the run ends failed.
    static func analyze(
        _ table: StaleTable, _ statement: SQLTemplate.Rendered, _ connection: DatabaseConnection,
        _ options: AnalyzeOptions, into work: inout TableWork, _ report: inout MaintenanceReport
    ) throws -> Bool {
        let clock = Date()
        do {
            try connection.engine.statistics.analyze(connection, statement)
            work.batches = 1
            work.seconds = Date().timeIntervalSince(clock)
            work.longestBatchSeconds = work.seconds
        } catch let error as DBError where error.code == .lockNotAvailable || error.code == .deadlock {
            work.skippedHeld = 1
            work.rows = 0
            report.notes.append(
                "\(table.label): another session held a lock ANALYZE needs for \(Format.duration(options.maintenance.lockTimeout)); left for the next run"
            )
        } catch let error as DBError where error.code == .cancelled && Interruption.shared.isInterrupted {
            report.outcome = .interrupted
            return false
        } catch {
            work.rows = 0
            report.fail(subject: "table \(table.label)", error)
            if DBError.isUnanswered(error) {
                report.tables.append(work)
                return false
            }
        }
        return true
    }

    /// The stale tables, narrowed to `options.only` (each of which must exist).
    static func staleTables(_ connection: DatabaseConnection, _ options: AnalyzeOptions, notes: inout [String]) throws
        -> [StaleTable]
    {
        let statement = try SQLTemplate.named(.statisticsStaleTables, server: connection.server).render(
            dialect: connection.dialect,
            parameters: [
                "min_rows": .int(Int64(options.minChangedRows)), "share": .text(String(options.changedShare)),
            ])
        let stale = try connection.query(statement).rows.map(StaleTable.init)
        guard !options.only.isEmpty else { return stale }
        // The tables named with --table as the application names them: on its path.
        let present = Set(
            try connection.withApplicationPath { try connection.named(.catalogTables) }.rows.compactMap {
                $0["table_name"]
            })
        for name in options.only where !present.contains(name) && !stale.contains(where: { $0.label == name }) {
            throw DBError(.undefinedObject, "analyze: no table named \(name) here")
        }
        let chosen = stale.filter { options.only.contains($0.name) || options.only.contains($0.label) }
        for name in options.only where !chosen.contains(where: { $0.name == name || $0.label == name }) {
            notes.append("\(name): statistics are fresh (below the changed-rows thresholds); left alone")
        }
        return chosen
    }
}
