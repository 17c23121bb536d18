import DBCore
import Foundation

/// `dbops archive`: moves old rows with their children into archive tables, batch by
/// batch, each batch one transaction that copies, checks and deletes; and back again.
public enum ArchiveRunner {
    public static let job = "archive"

    public static func run(_ config: ConnectionConfig, label: String, options: ArchiveOptions) throws
        -> MaintenanceReport
    {
        let session = try MaintenanceSession(config, job: job, options: options.maintenance)
        var report = MaintenanceReport(job: job, target: label, database: config.database ?? "", startedAt: Date())
        report.notes += session.notes
        let rules = try chooseRules(options, session.connection)
        guard !rules.isEmpty else {
            throw DBError(
                .clientError,
                "no archive rules apply to \(config.database ?? "this database"): none of the built-in applications' tables are here and the config file defines none under [archive.rules.NAME]"
            )
        }
        let now = try serverNow(session.connection)
        let pacer = BatchPacer(options: options.maintenance, lag: session.lag, flow: session.flow)
        for var rule in rules {
            if let age = options.olderThan { rule.olderThan = age }
            let cutoff = now.addingTimeInterval(-rule.olderThan)
            var work = TableWork(rule: rule.name, table: rule.table, description: "")
            var failure: Error?
            do {
                let plan = try ArchivePlan(rule, connection: session.connection)
                report.notes += plan.notes
                work.description = plan.description
                try skipRedundantForeignKeyChecks(plan, session.connection)
                let mover = ArchiveMover(plan: plan, connection: session.connection)
                if options.maintenance.dryRun {
                    work.statements =
                        try mover.prepareArchiveTables(create: false)
                        + (try mover.statements(cutoff: cutoff, limit: options.maintenance.batchSize))
                    work.rows = try mover.countDue(cutoff: cutoff)
                    report.outcome = .dryRun
                } else {
                    try archive(
                        rule, plan: plan, mover: mover, cutoff: cutoff, config: config, options: options,
                        pacer: pacer, work: &work, report: &report)
                }
            } catch {
                failure = session.explaining(error)
            }
            guard report.record(work, rule: rule.name, failure: failure) else { break }
        }
        report.notes += pacer.notes
        report.seconds = pacer.elapsed
        return report
    }

    /// One rule's run: batches until nothing is due (or the budget or an interrupt ends
    /// it), then, with --to-file, the archive tables written to a verified file and emptied.
    static func archive(
        _ rule: ArchiveRule, plan: ArchivePlan, mover: ArchiveMover, cutoff: Date, config: ConnectionConfig,
        options: ArchiveOptions, pacer: BatchPacer, work: inout TableWork, report: inout MaintenanceReport
    ) throws {
        _ = try mover.prepareArchiveTables(create: true)
        let files = options.files.map {
            ArchiveFiles(directory: $0, plan: plan, mover: mover, config: config)
        }
        if let files {
            try files.prepareDirectory()
            report.notes += try files.recover(batchSize: options.maintenance.batchSize)
        }
        var totals = BatchPacer.Totals()
        defer { work.add(totals) }
        var after: [String]?
        // A root whose rows the application keeps locked is stepped over: the
        // walk goes on past its key, and the next run takes it.
        let stepOver = {
            // Unless a table of the plan is held whole (a migration): then every root is
            // held alike, and stepping over them one by one would crawl through them all
            // at the lock timeout each. The pacer's retries end the run instead.
            guard !plan.isHeld(mover.connection) else { return false }
            guard let held = try mover.nextDueKey(cutoff: cutoff, after: after) else { return false }
            after = held
            return true
        }
        try pacer.run(&totals, what: "archive \(rule.name)", stepOver: stepOver) { limit in
            let moved = try mover.archiveBatch(limit: limit, cutoff: cutoff, after: after)
            after = moved.lastKey ?? after
            for (table, rows) in moved.rows where table != rule.table {
                work.related[table, default: 0] += rows
            }
            return BatchPacer.Batch(rows: Int64(moved.roots), more: moved.roots > 0)
        }
        report.outcome = pacer.outcome
        // Interrupted: the rows wait in the archive tables for the next run's file.
        if let files, pacer.outcome != .interrupted,
            let written = try files.flush(
                batchSize: options.maintenance.batchSize, zstdLevel: options.zstdLevel)
        {
            report.notes.append(
                "wrote \(written.roots) \(rule.table) rows with their children to \(files.directory)/\(written.name) and emptied the archive tables"
            )
        }
    }

    /// `dbops archive restore`: brings the chosen roots (by primary key; all of them with
    /// `keys` nil) back from the archive tables, with their children. Each key holds one
    /// value per primary key column, or one text as a user typed it (see `RootKeyText`).
    public static func restore(_ config: ConnectionConfig, label: String, options: ArchiveOptions, keys: [[String]]?)
        throws -> MaintenanceReport
    {
        let session = try MaintenanceSession(config, job: job, options: options.maintenance)
        var report = MaintenanceReport(
            job: "archive-restore", target: label, database: config.database ?? "", startedAt: Date())
        let rules = try chooseRules(options, session.connection)
        guard rules.count == 1, let rule = rules.first else {
            throw DBError(
                .clientError,
                "restore needs exactly one archive rule (--rule NAME); here: \(rules.map(\.name).joined(separator: ", "))"
            )
        }
        let plan = try ArchivePlan(rule, connection: session.connection)
        let mover = ArchiveMover(plan: plan, connection: session.connection)
        let root = plan.nodes[0]
        try skipRedundantForeignKeyChecks(plan, session.connection)
        var work = TableWork(
            rule: rule.name, table: rule.table,
            description: "move \(root.archiveName) rows back into \(root.facts.table), with their children")
        if options.maintenance.dryRun, options.files != nil {
            throw DBError(.clientError, "--dry-run is not available with --from-file")
        }
        // Bad keys are refused before anything moves, as a usage error rather than a failed run.
        let given = try keys.map { keys in
            try keys.map { try RootKeyText.values(of: $0, rowKey: root.facts.rowKey, table: root.facts.table) }
        }
        let chosen = options.files == nil ? try chosenKeys(given, root: root, session.connection) : []
        let pacer = BatchPacer(options: options.maintenance, lag: session.lag, flow: session.flow)
        var totals = BatchPacer.Totals()
        do {
            if let directory = options.files {
                work.description =
                    "copy \(root.facts.table) rows back from the archive files in \(directory), with their children"
                let files = ArchiveFiles(directory: directory, plan: plan, mover: mover, config: config)
                var alreadyBack = 0
                defer {
                    if alreadyBack > 0 {
                        report.notes.append(
                            "\(alreadyBack) \(root.facts.table) row(s) were already back in the live tables, exactly as archived (an earlier restore brought them back, or was interrupted): left as they are"
                        )
                    }
                }
                try ArchiveFileRestore(files: files, connection: session.connection)
                    .restore(
                        given, batchSize: options.maintenance.batchSize, pacer: pacer, totals: &totals,
                        related: &work.related,
                        alreadyBack: &alreadyBack)
                report.outcome = pacer.outcome
            } else {
                var next = 0
                try pacer.run(&totals, what: "archive restore \(root.facts.table)") { limit in
                    let batch = Array(chosen[next..<min(chosen.count, next + limit)])
                    guard !batch.isEmpty else { return BatchPacer.Batch(rows: 0, more: false) }
                    if options.maintenance.dryRun {
                        next += batch.count;
                        return BatchPacer.Batch(rows: Int64(batch.count), more: next < chosen.count)
                    }
                    let moved = try mover.restoreBatch(batch)
                    next += batch.count
                    for (table, rows) in moved.rows where table != rule.table {
                        work.related[table, default: 0] += rows
                    }
                    return BatchPacer.Batch(rows: Int64(moved.roots), more: next < chosen.count)
                }
                report.outcome = options.maintenance.dryRun ? .dryRun : pacer.outcome
            }
        } catch {
            report.fail(rule: rule.name, session.explaining(error))
        }
        work.add(totals)
        report.tables = [work]
        report.seconds = pacer.elapsed
        return report
    }

    /// The root keys to restore: the ones given, or every key in the archive table.
    private static func chosenKeys(_ keys: [[String]]?, root: ArchivePlan.Node, _ connection: DatabaseConnection) throws
        -> [[String]]
    {
        if let keys { return keys }
        let d = connection.dialect
        return try connection.query(
            "SELECT \(root.facts.readList(root.facts.rowKey, d)) FROM \(d.qualified(root.facts.resolvedSchema, root.archiveName)) ORDER BY 1"
        )
        .rows.map { $0.values.map { $0 ?? "" } }
    }

    /// MySQL/MariaDB: when the plan moves every row that depends on a moved row, the
    /// batch's own deletes (children first, counts checked) make InnoDB's foreign-key checks
    /// redundant — and those checks take gap locks on the child indexes even in READ
    /// COMMITTED, where an application's REPEATABLE READ writes next door collide with them.
    /// Rows locked by the batch still block any new child an application tries to add (its
    /// own session checks the key), so nothing can be orphaned.
    static func skipRedundantForeignKeyChecks(_ plan: ArchivePlan, _ connection: DatabaseConnection) throws {
        guard let setting = connection.capabilities.foreignKeyChecksSQL else { return }
        try connection.executeScript(setting(!plan.coversEveryForeignKey))
    }

    static func chooseRules(_ options: ArchiveOptions, _ connection: DatabaseConnection) throws -> [ArchiveRule] {
        try RuleSelection.choose(
            configured: options.rules, builtIn: options.builtIn ? BuiltInArchiveRules.rules(present:) : nil,
            only: options.only, kind: "archive", connection)
    }
}
