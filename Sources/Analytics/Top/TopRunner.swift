import DBCore
import Foundation

/// The ranking of a profile's `top` source: parents by their children, with the children's
/// measure on average.
enum TopRunner {
    /// `options.since` of "all" (the command's default) without an `until` counts every
    /// child whatever its time; any other range counts the children made in it.
    static func report(_ config: ConnectionConfig, label: String, options: AnalyticsOptions) throws -> TopReport {
        let (context, top, statement) = try prepare(config, options: options)
        let allTime = isAllTime(options)
        var parents: Int64 = 0
        var children: Int64 = 0
        var entries: [TopEntry] = []
        for row in try context.connection.query(statement).rows {
            parents = row.int64("parents") ?? parents
            children = row["all_children"].flatMap { Int64($0) } ?? children
            let count = row.int64("children") ?? 0
            let measured = row.int64("measured") ?? 0
            let sum = top.measure == nil ? nil : row["measure_sum"].flatMap(ExactDecimal.init)
            entries.append(
                TopEntry(
                    rank: entries.count + 1, key: row["parent_key"] ?? "", label: row["label"], children: count,
                    measured: top.measure == nil ? 0 : measured, measureSum: sum,
                    measureAverage: try sum.flatMap { measured > 0 ? try $0.divided(by: measured, scale: 6) : nil }))
        }
        var source = context.reportSource(label: label)
        if allTime { source.notes.append("all time: every child counts, whatever its \(top.childTime)") }
        return TopReport(
            source: source, parentTable: top.schema.map { "\($0).\(top.table)" } ?? top.table,
            childTable: top.schema.map { "\($0).\(top.childTable)" } ?? top.childTable, measure: top.measure,
            allTime: allTime, parents: parents,
            children: children, entries: entries)
    }

    static func isAllTime(_ options: AnalyticsOptions) -> Bool { options.since == "all" && options.until == nil }

    /// The context (connection, source, range) and the ranking's statement.
    static func prepare(_ config: ConnectionConfig, options: AnalyticsOptions) throws -> (
        ReportContext, TopSource, SQLTemplate.Rendered
    ) {
        let allTime = isAllTime(options)
        var contextOptions = options
        // The context still wants a range to describe (a century, the longest it takes); an
        // all-time ranking applies none.
        if options.since == "all" { contextOptions.since = "36500d" }
        let context = try ReportContext(config: config, options: contextOptions) { profile, connection in
            guard let top = profile.top else {
                throw AnalyticsError.usage(
                    "profile \(profile.name) has no top source for `analytics top` (define [analytics.profiles.\(profile.name).top])"
                )
            }
            return try SourceResolver.resolveTop(top, profile: profile, connection: connection)
        }
        guard let top = context.profile.top else {
            throw AnalyticsError.usage("profile \(context.profile.name) has no top source")
        }
        let dialect = context.dialect
        let child = "c." + dialect.quote(top.childTime)
        context.columns = ["key": top.key, "label": top.label, "child_key": top.childKey]
        let statement = try context.statement(
            .analyticsTop,
            fragments: [
                "parent_table": try context.located(top.schema, top.table),
                "measure": SQLTemplate.Fragment(top.measure.map { "c." + dialect.quote($0) } ?? "0"),
                "range": SQLTemplate.Fragment(allTime ? "1 = 1" : "\(child) >= :from AND \(child) < :to"),
            ],
            parameters: ["limit": .int(Int64(options.top))])
        return (context, top, statement)
    }
}
