import DBCore

/// Cost per day and by one dimension, summed exactly.
enum CostBreakdown {
    static func statement(_ context: ReportContext, options: AnalyticsOptions) throws -> (String, SQLTemplate.Rendered)
    {
        let (name, dimension) = try context.dimension(options.dimension)
        let requestCount = SQLTemplate.Fragment(context.source.count.map { context.dialect.quote($0) } ?? "1")
        return (
            name,
            try context.statement(.analyticsCost, fragments: ["dimension": dimension, "request_count": requestCount])
        )
    }

    static func report(_ context: ReportContext, options: AnalyticsOptions, label: String) throws -> CostReport {
        let (dimension, statement) = try statement(context, options: options)
        let scale = context.resolved.valueScale ?? 0
        var byDay: [Int: Sums] = [:]
        var byValue: [String?: Sums] = [:]
        var unpriced: Int64 = 0
        let zero = Sums(cost: ExactDecimal(units: 0, scale: scale))
        func addDay(_ key: String?, _ row: Sums, priced: Int64) throws {
            guard let day = key.flatMap(LocalCalendar.day(ofDate:)) else { return }
            byDay[day] = try (byDay[day] ?? zero).adding(row)
            unpriced += row.rows - priced
        }
        func addValue(_ key: String?, _ row: Sums) throws {
            byValue[key] = try (byValue[key] ?? zero).adding(row)
        }
        // PostgreSQL returns per-day and per-value rows (GROUPING SETS); MySQL, which has
        // none, returns day x value pairs from one pass, summed here.
        for row in try context.connection.query(statement).rows {
            let sums = Sums(
                cost: try parse(row["cost"], scale: scale), rows: row.int64("rows") ?? 0,
                requests: try requests(row["requests"]))
            switch row["kind"] {
            case "day": try addDay(row["key"], sums, priced: row.int64("priced") ?? 0)
            case "pair":
                try addDay(row["day"], sums, priced: row.int64("priced") ?? 0)
                try addValue(row["dim"], sums)
            default: try addValue(row["key"], sums)
            }
        }
        var shares = byValue.map {
            CostShare(
                value: dimension == "none" ? nil : $0.key, cost: $0.value.cost, rows: $0.value.rows,
                requests: $0.value.requests, percent: .zero)
        }
        var total = zero
        var days: [CostDay] = []
        for bucket in context.period.buckets(.day, calendar: context.calendar) {
            let sums = byDay[bucket.day] ?? zero
            total = try total.adding(sums)
            days.append(
                CostDay(
                    day: LocalCalendar.date(ofDay: bucket.day), partial: bucket.partial, cost: sums.cost,
                    rows: sums.rows, requests: sums.requests))
        }
        // Largest first; ties by value in byte order so both engines list them alike.
        shares.sort { a, b in a.cost != b.cost ? a.cost > b.cost : (a.value ?? "\u{10FFFF}") < (b.value ?? "\u{10FFFF}")
        }
        for i in shares.indices { shares[i].percent = try percent(shares[i].cost, of: total.cost) }
        let top = Array(shares.prefix(options.top))
        let others = try rest(shares[top.count...], zero: zero, total: total.cost)
        return CostReport(
            source: context.reportSource(label: label), dimension: dimension, total: total.cost, rows: total.rows,
            requests: total.requests, requestColumn: context.source.count, unpriced: unpriced, days: days, top: top,
            others: others, distinctValues: shares.count)
    }

    /// Everything after the top values, added up (nil when nothing is left).
    static func rest(_ shares: ArraySlice<CostShare>, zero: Sums, total: ExactDecimal) throws -> CostShare? {
        guard !shares.isEmpty else { return nil }
        var rest = zero
        for share in shares {
            rest = try rest.adding(Sums(cost: share.cost, rows: share.rows, requests: share.requests))
        }
        return CostShare(
            value: nil, cost: rest.cost, rows: rest.rows, requests: rest.requests,
            percent: try percent(rest.cost, of: total))
    }

    /// What one day, value or the whole range adds up to.
    struct Sums {
        var cost: ExactDecimal
        var rows: Int64 = 0
        var requests: Int64 = 0

        func adding(_ other: Sums) throws -> Sums {
            Sums(cost: try cost + other.cost, rows: rows + other.rows, requests: requests + other.requests)
        }
    }

    /// A request-count sum as the server printed it (MySQL sums integers as DECIMAL).
    static func requests(_ text: String?) throws -> Int64 {
        guard let text else { return 0 }
        guard let value = Int64(text) else {
            throw AnalyticsError.source("the server returned \(text) for a request count")
        }
        return value
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
