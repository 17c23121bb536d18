import DBCore
import Foundation

/// `dbops cleanup`: deletes expired rows in small, index-driven batches by key (the primary
/// key, else a unique index on NOT NULL columns), each its own short transaction, never one
/// giant DELETE.
public enum CleanupRunner {
    public static let job = "cleanup"

    public static func run(_ config: ConnectionConfig, label: String, options: CleanupOptions) throws
        -> MaintenanceReport
    {
        let session = try MaintenanceSession(config, job: job, options: options.maintenance)
        var report = MaintenanceReport(job: job, target: label, database: config.database ?? "", startedAt: Date())
        let rules = try chooseRules(options, session.connection)
        guard !rules.isEmpty else {
            throw DBError(
                .clientError,
                "no cleanup rules apply to \(config.database ?? "this database"): none of the built-in applications' tables are here and the config file defines none under [cleanup.rules.NAME]"
            )
        }
        if options.builtIn, let note = try retentionNote(chosen: rules, session.connection) {
            report.notes.append(note)
        }
        let cutoffNow = try serverNow(session.connection)
        let pacer = BatchPacer(options: options.maintenance, lag: session.lag, flow: session.flow)
        report.notes += session.notes
        defer { report.seconds = pacer.elapsed }
        for rule in rules {
            let plan: CleanupPlan
            do {
                plan = try CleanupPlan(rule, connection: session.connection, now: cutoffNow)
            } catch {
                report.fail(rule: rule.name, session.explaining(error))
                break
            }
            var work = TableWork(rule: rule.name, table: plan.facts.label, description: plan.description)
            var failure: Error?
            do {
                if options.maintenance.dryRun {
                    work.rows = try plan.countDue(session.connection)
                    work.statements = try plan.statements(session.connection, limit: options.maintenance.batchSize)
                    report.outcome = .dryRun
                } else {
                    var totals = BatchPacer.Totals()
                    var after: [String]?
                    defer { work.add(totals) }
                    try pacer.run(&totals, what: "cleanup \(rule.name)") { limit in
                        let result = try plan.batch(session.connection, limit: limit, after: after)
                        after = result.lastKey ?? after
                        // Rows the application held were skipped, not gone: go on until a batch
                        // finds nothing left to lock.
                        return BatchPacer.Batch(rows: result.deleted, more: result.locked > 0)
                    }
                    report.outcome = pacer.outcome
                }
                work.keptReferenced = try plan.countReferenced(session.connection)
                if work.keptReferenced > 0 { report.notes.append(plan.keptNote(work.keptReferenced)) }
            } catch {
                failure = session.explaining(error)
            }
            guard report.record(work, rule: rule.name, failure: failure) else { break }
        }
        report.notes += pacer.notes
        report.seconds = pacer.elapsed
        return report
    }

    /// The built-in retention rules whose tables are here but which were not asked for.
    static func retentionNote(chosen: [CleanupRule], _ connection: DatabaseConnection) throws -> String? {
        let present = Set(try connection.named(.catalogTables).rows.compactMap { $0["table_name"] })
        let idle = BuiltInCleanupRules.retentionRules(present: present).filter { rule in
            !chosen.contains { $0.name == rule.name }
        }
        guard !idle.isEmpty else { return nil }
        return
            "retention rules not run (they delete history, so only when asked: --rule NAME, or [cleanup.rules.NAME] with its own grace): "
            + idle.map { "\($0.name) (rows older than \(Int($0.grace / 86_400)) days)" }.joined(separator: ", ")
    }

    static func chooseRules(_ options: CleanupOptions, _ connection: DatabaseConnection) throws -> [CleanupRule] {
        try RuleSelection.choose(
            configured: options.rules, builtIn: options.builtIn ? BuiltInCleanupRules.rules(present:) : nil,
            optIn: options.builtIn ? BuiltInCleanupRules.retentionRules(present:) : nil,
            only: options.only, kind: "cleanup", connection)
    }
}
