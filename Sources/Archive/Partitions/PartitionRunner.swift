import DBCore
import Foundation

/// `dbops partitions`: creates the next N partitions of range-partitioned tables ahead of
/// time, idempotently, or (--check) says whether they exist.
public enum PartitionRunner {
    public static let job = "partitions"

    public static func run(_ config: ConnectionConfig, label: String, options: PartitionOptions) throws
        -> PartitionReport
    {
        let clock = Stopwatch()
        let changing = !options.check && !options.maintenance.dryRun
        let connection: DatabaseConnection
        let session: MaintenanceSession?
        if changing {
            session = try MaintenanceSession(config, job: job, options: options.maintenance)
            connection = session!.connection
        } else {
            session = nil
            connection = try Database.connect(config)
            // A --check from monitoring gives up on a table a migration holds after the lock
            // timeout, as the changing run does, rather than wait out the statement timeout.
            try connection.apply(
                SessionSettings(
                    statementTimeout: options.maintenance.statementTimeout,
                    lockTimeout: options.maintenance.lockTimeout, readOnly: true, allRows: true))
        }
        defer { if session == nil { connection.close() } }
        let engine = connection.partitionEngine(options.maintenance)
        let rules = try chooseRules(options, connection)
        guard !rules.isEmpty || !options.requireRules else {
            throw DBError(
                .clientError,
                "no partition rules apply to \(config.database ?? "this database"): none of the built-in applications' partitioned tables are here and the config file defines none under [partitions.rules.NAME]"
            )
        }
        let retirement = options.retentionDirectory.map {
            PartitionRetirement(
                directory: $0, config: config, connection: connection, engine: engine, options: options.maintenance)
        }
        var tables: [PartitionTableReport] = []
        for var rule in rules {
            if let premake = options.premake { rule.premake = premake }
            if rule.retention != nil, changing, retirement == nil {
                throw DBError(
                    .clientError,
                    "rule \(rule.name) has a retention but no directory to dump retired partitions to: set retention_dir in [partitions] or pass --retention-dir"
                )
            }
            do {
                tables.append(
                    try manage(
                        rule, engine: engine, connection: connection, change: changing,
                        retirement: changing ? retirement : nil, options: options.maintenance))
            } catch let error as DBError where error.code == .lockNotAvailable {
                // The server's "canceling statement due to lock timeout" names no table.
                throw error.prefixed("table \(rule.table)")
            }
        }
        let worst = CheckStatus.worst(tables.map(\.status))
        return PartitionReport(
            target: label, database: config.database ?? "",
            mode: options.check ? "check" : (options.maintenance.dryRun ? "dry_run" : "premake"),
            status: worst, tables: tables, seconds: clock.seconds)
    }

    static func chooseRules(_ options: PartitionOptions, _ connection: DatabaseConnection) throws -> [PartitionRule] {
        try RuleSelection.choose(
            configured: options.rules, builtIn: options.builtIn ? BuiltInPartitionRules.rules(present:) : nil,
            only: options.only, kind: "partition", connection)
    }

    static func manage(
        _ rule: PartitionRule, engine: PartitionEngine, connection: DatabaseConnection, change: Bool,
        retirement: PartitionRetirement?, options: MaintenanceOptions
    ) throws -> PartitionTableReport {
        var report = PartitionTableReport(
            rule: rule.name, table: rule.table, partitioned: false, interval: rule.interval, premake: rule.premake)
        let (found, problems) = try engine.layout(rule)
        report.problems = problems
        guard var layout = found else {
            report.status = .warning
            return report
        }
        report.partitioned = true
        let now = try engine.now(rule)
        let current = rule.interval.start(of: now)
        var wanted: [(name: String, from: CivilTime, to: CivilTime)] = []
        var start = current
        for _ in 0...max(0, rule.premake) {
            let end = rule.interval.next(start)
            let suffix = rule.interval.suffix(start)
            wanted.append((connection.capabilities.partitionName(rule.table, suffix), start, end))
            start = end
        }
        let missing = try missingPeriods(wanted, layout: layout, rule, engine: engine, problems: &report.problems)
        report.retention = rule.retention?.description
        let gaveUp = try premakeAndRetire(
            missing, rule, layout: &layout, now: now, engine: engine, connection: connection, change: change,
            retirement: retirement, report: &report)
        report.partitions = layout.parts.map {
            .init(name: $0.name, from: $0.from?.wallText, to: $0.to?.wallText, isDefault: $0.isCatchAll)
        }
        report.catchAll = layout.catchAll?.name
        // Counting the catch-all waits on the same holder when it holds the whole table.
        report.catchAllRows =
            gaveUp == nil ? try engine.catchAllRows(layout, rule) : try? engine.catchAllRows(layout, rule)
        let next = rule.interval.next(current)
        report.currentCovered = layout.covers(from: current, to: next)
        report.future = wanted.dropFirst().filter { layout.covers(from: $0.from, to: $0.to) }.count
        report.status =
            !report.currentCovered || (rule.premake > 0 && report.future == 0)
            ? .critical
            : (report.future < rule.premake || !report.due.isEmpty ? .warning : .ok)
        if let gaveUp {
            report.problems.insert("gave up waiting for a lock: \(gaveUp.message)", at: 0)
            report.status = CheckStatus.worst([report.status, .warning])
        }
        return report
    }

    /// The DDL of one table: its missing partitions, then its retention. A lock the DDL
    /// could not get (after DDLRetry's tries) fails this table only, so it is returned,
    /// with whoever holds the table named, rather than thrown: the report still says what
    /// was done here and the other rules still run.
    static func premakeAndRetire(
        _ missing: [(name: String, from: CivilTime, to: CivilTime)], _ rule: PartitionRule,
        layout: inout PartitionLayout, now: CivilTime, engine: PartitionEngine, connection: DatabaseConnection,
        change: Bool, retirement: PartitionRetirement?, report: inout PartitionTableReport
    ) throws -> DBError? {
        do {
            if !missing.isEmpty {
                let statements = try engine.statements(adding: missing, to: layout, rule)
                report.statements = statements.map(withoutHeaderComment)
                if change {
                    try DDLRetry.run { try engine.create(statements, in: layout, rule) }
                    report.created = missing.map(\.name)
                    layout = try engine.layout(rule).0 ?? layout
                }
            }
            if let retention = rule.retention {
                try applyRetention(
                    retention, rule, layout: &layout, now: now, engine: engine, change: change,
                    retirement: retirement, report: &report)
            }
            return nil
        } catch let error as DBError where change && error.code == .lockNotAvailable {
            layout = (try? engine.layout(rule).0) ?? layout
            // What retention could not retire is still due, as --check would say.
            if let retention = rule.retention {
                report.due = PartitionRetirement.due(layout, retention: retention, now: now).map(\.name)
            }
            return MaintenanceSession.explain(
                error, on: connection, schema: layout.schema, table: rule.table) as? DBError ?? error
        }
    }

    /// The wanted periods no partition covers yet and that can be added; what stands in
    /// the way of the others goes to `problems`.
    static func missingPeriods(
        _ wanted: [(name: String, from: CivilTime, to: CivilTime)], layout: PartitionLayout, _ rule: PartitionRule,
        engine: PartitionEngine, problems: inout [String]
    ) throws -> [(name: String, from: CivilTime, to: CivilTime)] {
        var missing: [(name: String, from: CivilTime, to: CivilTime)] = []
        for period in wanted where !layout.covers(from: period.from, to: period.to) {
            if let other = layout.overlaps(from: period.from, to: period.to) {
                problems.append(
                    "\(period.from.dateText) .. \(period.to.dateText) overlaps partition \(other.name), whose bounds differ from \(rule.interval.rawValue) periods: left alone"
                )
                continue
            }
            if layout.parts.contains(where: { $0.name == period.name }) {
                problems.append("a partition named \(period.name) exists with other bounds: left alone")
                continue
            }
            let inTheWay = try engine.catchAllRows(layout, rule, from: period.from, to: period.to)
            if inTheWay > 0, let catchAll = layout.catchAll {
                let (problem, blocksLater) = engine.catchAllInTheWay(
                    catchAll.name, rows: inTheWay, period: (period.name, period.from, period.to))
                problems.append(problem)
                if blocksLater { missing.removeAll(); break }
                continue
            }
            missing.append(period)
        }
        return missing
    }

    /// Partitions past retention: retired (set aside, dumped, verified, dropped) when
    /// changing, else listed as due with the statements that would set them aside.
    static func applyRetention(
        _ retention: PartitionRetention, _ rule: PartitionRule, layout: inout PartitionLayout, now: CivilTime,
        engine: PartitionEngine, change: Bool, retirement: PartitionRetirement?, report: inout PartitionTableReport
    ) throws {
        let due = PartitionRetirement.due(layout, retention: retention, now: now)
        if change, let retirement {
            // Into the report as each is retired: a later partition's failure keeps them listed.
            try retirement.retire(due, of: layout, rule, into: &report.retired)
            if !report.retired.isEmpty { layout = try engine.layout(rule).0 ?? layout }
        } else {
            report.due = due.map(\.name)
            for part in due {
                report.statements += try engine.setAsideStatements(part, of: layout, rule).map(withoutHeaderComment)
            }
        }
    }
}

/// SQL from queries/ without the header comment that explains it to a reader of the file.
func withoutHeaderComment(_ sql: String) -> String {
    sql.split(separator: "\n", omittingEmptySubsequences: false)
        .drop { $0.trimmingCharacters(in: .whitespaces).hasPrefix("--") }.joined(separator: "\n")
}
