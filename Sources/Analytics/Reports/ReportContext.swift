import DBCore
import Foundation

/// One report's connection, source and time range, and the SQL pieces they give.
final class ReportContext {
    let connection: DatabaseConnection
    let resolved: ResolvedSource
    let calendar: LocalCalendar
    let period: ReportPeriod
    var notes: [String] = []
    /// An SQL expression standing for the value column (the queue's wait and run times).
    var valueExpression: SQLTemplate.Fragment?
    /// The profile the source came from.
    let profile: AnalyticsProfile
    /// More named columns for the statements ({created}, {status} of a queue).
    var columns: [String: String] = [:]

    convenience init(_ metric: Metric, config target: ConnectionConfig, options: AnalyticsOptions) throws {
        try self.init(config: target, options: options) { profile, connection in
            try SourceResolver.resolve(metric, profile: profile, connection: connection)
        }
    }

    /// `resolve` picks and checks the source in the chosen profile.
    init(
        config target: ConnectionConfig, options: AnalyticsOptions,
        resolve: (AnalyticsProfile, DatabaseConnection) throws -> ResolvedSource
    ) throws {
        calendar = try LocalCalendar(identifier: options.timeZone)
        period = try ReportPeriod.parse(
            since: options.since, until: options.until,
            now: Int64(options.now.timeIntervalSince1970.rounded(.down)), calendar: calendar)
        var config = target
        config.replyTimeout = options.statementTimeout + 5
        let connection = try Database.connect(config)
        self.connection = connection
        do {
            // The report's statements name every table with the schema it was found in and
            // run under search_path = pg_catalog alone (CVE-2018-1058): they pass the
            // application's columns to count(), sum() and percentile_disc(), for which a
            // function its owner made in public (count(integer)) would fit better than the
            // built-in. Only finding the tables uses the database's own path.
            try connection.apply(
                SessionSettings(
                    statementTimeout: options.statementTimeout, lockTimeout: options.lockTimeout, readOnly: true,
                    allRows: true, catalogOnly: true))
            (profile, resolved) = try connection.withApplicationPath {
                let profile = try SourceResolver.profile(
                    named: options.profile, configured: options.profiles, connection: connection)
                return (profile, try resolve(profile, connection))
            }
        } catch {
            connection.close()
            throw error
        }
        // NaN and ±Infinity are no cost or duration: read as NULL, they count as rows without
        // a value (untimed, unpriced) instead of turning every sum and percentile into NaN.
        if let value = resolved.source.value, !(resolved.valueScale == 0 && !resolved.valueIsApproximate),
            let finite = connection.capabilities.finiteOrNull
        {
            valueExpression = SQLTemplate.Fragment(finite(connection.dialect.quote(value)))
        }
        if resolved.valueIsApproximate {
            notes.append(
                "\(resolved.source.value ?? "the value") is a floating-point column: sums and percentiles are as exact as its values, and may differ in the last digits between engines"
            )
        }
    }

    deinit { connection.close() }

    var dialect: Dialect { connection.dialect }
    var source: MetricSource { resolved.source }

    var identifiers: [String: String] {
        var out = ["time": source.time]
        if let user = source.user { out["user"] = user }
        if let value = source.value, valueExpression == nil { out["value"] = value }
        return out.merging(columns) { _, named in named }
    }

    var table: SQLTemplate.Fragment { SQLTemplate.Fragment(resolved.qualifiedName(dialect)) }

    /// Another table or view of the profile (a top source's parents, the engagement view),
    /// named with the schema the catalog finds it in through the database's own path.
    func located(_ schema: String?, _ table: String) throws -> SQLTemplate.Fragment {
        let found = try connection.withApplicationPath {
            try SourceResolver.columns(schema, table, profile: profile, connection: connection).schema
        }
        return SQLTemplate.Fragment(dialect.qualified(found, table))
    }

    var localDay: SQLTemplate.Fragment { localDay(of: resolved) }

    func localDay(of table: ResolvedSource) -> SQLTemplate.Fragment {
        let steps = table.timeKind == .date ? [] : calendar.offsetSteps(from: period.from, to: period.to)
        return TimeSQL(dialect: dialect, column: table.source.time, kind: table.timeKind, steps: steps).localDay
    }

    /// Each table's (local day, user) rows of the range (queries/common/analytics/
    /// source_rows.sql), one after the other with UNION ALL.
    func sourceRows() throws -> SQLTemplate.Fragment {
        let template = try SQLTemplate.named(.analyticsSourceRows, server: connection.server)
        let pieces = try resolved.allTables.map { table in
            var fragments = [
                "table": SQLTemplate.Fragment(table.qualifiedName(dialect)),
                "local_day": localDay(of: table),
            ]
            if let user = table.source.user {
                // A user id of raw bytes (MySQL BINARY(16)) is read as hex: rows reach dbops
                // as UTF-8 text, where ids differing only in invalid bytes would be one user
                // when dbops groups the rolling counts itself.
                fragments["user"] = SQLTemplate.Fragment(
                    dialect.engine.capabilities.readExpression(
                        dialect.quote(user), type: table.columnTypes[user] ?? ""))
            }
            return try template.fragment(
                dialect: dialect, identifiers: ["time": table.source.time], fragments: fragments)
        }
        return SQLTemplate.Fragment(
            pieces.map(\.text).joined(separator: "\nUNION ALL\n"),
            parameters: pieces.reduce(into: [:]) { $0.merge($1.parameters) { old, _ in old } })
    }

    /// The local days the range touches (day numbers), first and last included.
    var days: ClosedRange<Int> {
        calendar.dayNumber(atUnixSeconds: period.from)...calendar.dayNumber(atUnixSeconds: period.to - 1)
    }

    var rangeParameters: [String: SQLValue] {
        TimeSQL.range(period, kind: resolved.timeKind, calendar: calendar)
    }

    /// The --by column as SQL: a quoted column, or one constant group for "none".
    func dimension(_ requested: String?) throws -> (name: String, fragment: SQLTemplate.Fragment) {
        let dimensions = source.allDimensions
        let name = requested ?? source.defaultDimension ?? (dimensions.isEmpty ? "none" : dimensions.keys.sorted()[0])
        if name == "none" { return ("none", SQLTemplate.Fragment("'all'")) }
        guard let column = dimensions[name] else {
            let known = (dimensions.keys.sorted() + ["none"]).joined(separator: ", ")
            throw AnalyticsError.usage("--by \(name): profile \(resolved.profile) offers \(known) for this report")
        }
        return (name, SQLTemplate.Fragment(dialect.quote(column)))
    }

    func statement(_ name: QueryName, fragments: [String: SQLTemplate.Fragment], parameters: [String: SQLValue] = [:])
        throws -> SQLTemplate.Rendered
    {
        var allFragments = fragments
        allFragments["table"] = table
        if let valueExpression { allFragments["value"] = allFragments["value"] ?? valueExpression }
        allFragments["local_day"] = allFragments["local_day"] ?? localDay
        return try SQLTemplate.named(name, server: connection.server)
            .render(
                dialect: dialect, identifiers: identifiers, fragments: allFragments,
                parameters: rangeParameters.merging(parameters) { _, new in new })
    }

    func reportSource(label: String) -> ReportSource {
        ReportSource(
            target: label, server: connection.server.description, profile: resolved.profile,
            table: resolved.allTables.map(\.tableLabel).joined(separator: " + "),
            timeColumn: resolved.allTables.map(\.source.time).joined(separator: " + "), valueColumn: source.value,
            unit: source.unit,
            from: Date(timeIntervalSince1970: TimeInterval(period.from)),
            to: Date(timeIntervalSince1970: TimeInterval(period.to)),
            firstDay: LocalCalendar.date(ofDay: days.lowerBound), lastDay: LocalCalendar.date(ofDay: days.upperBound),
            timeZone: calendar.identifier, notes: notes)
    }

    /// EXPLAIN of a statement, never ANALYZE: showing the plan must not run the report.
    func explain(_ rendered: SQLTemplate.Rendered, report: String, label: String) throws -> AnalyticsPlan {
        let plan = try connection.query("EXPLAIN " + rendered.sql, rendered.parameters)
        return AnalyticsPlan(
            source: reportSource(label: label), metric: report, sql: rendered.sql,
            parameters: rendered.parameters.map(\.textForm), plan: plan.planLines)
    }
}
