import DBCore

/// Cost per day and by one dimension, summed exactly.
enum CostBreakdown {
    static func statement(_ context: ReportContext, options: AnalyticsOptions) throws -> (String, SQLTemplate.Rendered)
    {
        let (name, dimension) = try context.dimension(options.dimension)
        return (name, try context.statement(.analyticsCost, fragments: ["dimension": dimension]))
    }

    static func report(_ context: ReportContext, options: AnalyticsOptions, label: String) throws -> CostReport {
        let (dimension, statement) = try statement(context, options: options)
        let scale = context.resolved.valueScale ?? 0
        var byDay: [Int: (ExactDecimal, Int64)] = [:]
        var byValue: [String?: (ExactDecimal, Int64)] = [:]
        var unpriced: Int64 = 0
        let zero = ExactDecimal(units: 0, scale: scale)
        func addDay(_ key: String?, _ cost: ExactDecimal, _ rows: Int64, priced: Int64) throws {
            guard let day = key.flatMap(LocalCalendar.day(ofDate:)) else { return }
            let sum = byDay[day] ?? (zero, 0)
            byDay[day] = (try sum.0 + cost, sum.1 + rows)
            unpriced += rows - priced
        }
        func addValue(_ key: String?, _ cost: ExactDecimal, _ rows: Int64) throws {
            let sum = byValue[key] ?? (zero, 0)
            byValue[key] = (try sum.0 + cost, sum.1 + rows)
        }
        // PostgreSQL returns per-day and per-value rows (GROUPING SETS); MySQL, which has
        // none, returns day x value pairs from one pass, summed here.
        for row in try context.connection.query(statement).rows {
            let cost = try parse(row["cost"], scale: scale)
            let rows = row.int64("rows") ?? 0
            switch row["kind"] {
            case "day": try addDay(row["key"], cost, rows, priced: row.int64("priced") ?? 0)
            case "pair":
                try addDay(row["day"], cost, rows, priced: row.int64("priced") ?? 0)
                try addValue(row["dim"], cost, rows)
            default: try addValue(row["key"], cost, rows)
            }
        }
        var shares = byValue.map {
            CostShare(value: dimension == "none" ? nil : $0.key, cost: $0.value.0, rows: $0.value.1, percent: .zero)
        }
        var total = ExactDecimal(units: 0, scale: scale)
        var totalRows: Int64 = 0
        var days: [CostDay] = []
        for bucket in context.period.buckets(.day, calendar: context.calendar) {
            let (cost, rows) = byDay[bucket.day] ?? (ExactDecimal(units: 0, scale: scale), 0)
            total = try total + cost
            totalRows += rows
            days.append(
                CostDay(day: LocalCalendar.date(ofDay: bucket.day), partial: bucket.partial, cost: cost, rows: rows))
        }
        // Largest first; ties by value in byte order so both engines list them alike.
        shares.sort { a, b in a.cost != b.cost ? a.cost > b.cost : (a.value ?? "\u{10FFFF}") < (b.value ?? "\u{10FFFF}")
        }
        for i in shares.indices { shares[i].percent = try percent(shares[i].cost, of: total) }
        let top = Array(shares.prefix(options.top))
        var others: CostShare?
        if shares.count > top.count {
            var cost = ExactDecimal(units: 0, scale: scale)
            var rows: Int64 = 0
            for share in shares[top.count...] {
                cost = try cost + share.cost
                rows += share.rows
            }
            others = CostShare(value: nil, cost: cost, rows: rows, percent: try percent(cost, of: total))
        }
        return CostReport(
            source: context.reportSource(label: label), dimension: dimension, total: total, rows: totalRows,
            unpriced: unpriced, days: days, top: top, others: others, distinctValues: shares.count)
    }

    /// A sum as the server printed it, at the column's scale (NULL: nothing to add).
    static func parse(_ text: String?, scale: Int) throws -> ExactDecimal {
        guard let text else { return ExactDecimal(units: 0, scale: scale) }
        guard let value = ExactDecimal(text) else {
            throw AnalyticsError.source("the server returned \(text) for a cost sum")
        }
        return value.scale <= scale ? try value.rescaled(to: scale) : value
    }

    static func percent(_ part: ExactDecimal, of total: ExactDecimal) throws -> ExactDecimal {
        guard total.units != 0 else { return ExactDecimal(units: 0, scale: 2) }
        // part * 100 / total, rounded to two places: scale both to integers first.
        let scale = max(part.scale, total.scale)
        let numerator = try part.rescaled(to: scale) * ExactDecimal(100)
        let denominator = try total.rescaled(to: scale)
        guard let divisor = Int64(exactly: denominator.units) else { throw ExactDecimal.Overflow() }
        return try ExactDecimal(units: numerator.units, scale: 0).divided(by: divisor, scale: 2)
    }
}
