import DBCore
import Foundation

/// The engagement report from the base tables, and where the application's view (if any)
/// says otherwise.
enum EngagementRunner {
    static func report(_ config: ConnectionConfig, label: String, options: AnalyticsOptions) throws -> EngagementReport
    {
        let context = try ReportContext(config: config, options: options) { profile, connection in
            guard let engagement = profile.engagement else {
                throw AnalyticsError.usage(
                    "profile \(profile.name) has no engagement source for `analytics engagement`")
            }
            return try SourceResolver.resolve(engagement.metricSource, .dau, profile: profile, connection: connection)
        }
        guard let engagement = context.profile.engagement else {
            throw AnalyticsError.usage("profile \(context.profile.name) has no engagement source")
        }
        context.columns = ["key": engagement.key, "child_key": engagement.childKey]
        let statement = try context.statement(
            .analyticsEngagement,
            fragments: ["child_table": try context.located(nil, engagement.childTable)])
        var counted: [Int: (users: Int64, created: Int64, children: Int64)] = [:]
        for row in try context.connection.query(statement).rows {
            guard let day = row["day"].flatMap({ LocalCalendar.day(ofDate: String($0.prefix(10))) }) else { continue }
            counted[day] = (row.int64("users") ?? 0, row.int64("created") ?? 0, row.int64("children") ?? 0)
        }
        var days = try context.period.buckets(.day, calendar: context.calendar).map { bucket -> EngagementDay in
            let (users, created, children) = counted[bucket.day] ?? (0, 0, 0)
            return EngagementDay(
                day: LocalCalendar.date(ofDay: bucket.day), partial: bucket.partial, activeUsers: users,
                created: created, children: children,
                averageChildren: created > 0 ? try ExactDecimal(children).divided(by: created, scale: 6) : nil)
        }
        var disagreements: [String] = []
        var viewName: String?
        if let view = engagement.view, try viewExists(context, view) {
            viewName = view
            if context.calendar.identifier == "UTC" {
                disagreements = try compare(&days, with: view, context)
            } else {
                context.notes.append(
                    "\(view) counts days in the session's time zone (UTC); compared only with --tz UTC")
            }
        }
        return EngagementReport(
            source: context.reportSource(label: label), view: viewName, days: days, disagreements: disagreements)
    }

    /// The catalog lists views beside tables.
    static func viewExists(_ context: ReportContext, _ view: String) throws -> Bool {
        try context.connection.withApplicationPath { try context.connection.named(.catalogTables) }.rows.contains {
            $0["table_name"] == view
        }
    }

    /// Reads the view for the report's days, attaches its figures and lists where they differ.
    static func compare(_ days: inout [EngagementDay], with view: String, _ context: ReportContext) throws -> [String] {
        let rendered = try SQLTemplate.named(.analyticsEngagementView, server: context.connection.server).render(
            dialect: context.dialect,
            fragments: ["view": try context.located(nil, view)],
            parameters: [
                "first_day": .text(LocalCalendar.date(ofDay: context.days.lowerBound)),
                "end_day": .text(LocalCalendar.date(ofDay: context.days.upperBound + 1)),
            ])
        var rows: [String: Row] = [:]
        for row in try context.connection.query(rendered).rows { if let day = row["day"] { rows[day] = row } }
        var out: [String] = []
        for i in days.indices {
            guard let row = rows[days[i].day] else {
                if days[i].created > 0 { out.append("\(days[i].day): \(days[i].created) created, the view has no row") }
                continue
            }
            let average = row["average"].flatMap(ExactDecimal.init)
            let figures = EngagementDay.ViewFigures(
                activeUsers: row.int64("users") ?? 0, created: row.int64("created") ?? 0, averageChildren: average)
            days[i].view = figures
            // A partial day holds only the range's part: the view has the whole day.
            guard !days[i].partial else { continue }
            let ours = try average.map {
                try ExactDecimal(days[i].children).divided(by: days[i].created, scale: $0.scale)
            }
            if figures.activeUsers != days[i].activeUsers || figures.created != days[i].created
                || ours?.units != average?.units
            {
                out.append(
                    "\(days[i].day): view \(figures.activeUsers) users, \(figures.created) created, average \(average?.description ?? "NULL"); base tables \(days[i].activeUsers), \(days[i].created), \(ours?.description ?? "-")"
                )
            }
        }
        return out
    }
}
