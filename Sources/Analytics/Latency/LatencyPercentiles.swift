import DBCore

/// Count, mean, exact percentiles and maximum of a duration column by one dimension.
enum LatencyPercentiles {
    /// A requested percentile: "95" -> 0.95, labelled p95.
    struct Fraction {
        let label: String
        let value: ExactDecimal

        init(percent text: String) throws {
            guard let percent = ExactDecimal(text), percent.units >= 0, !(ExactDecimal(100) < percent) else {
                throw AnalyticsError.usage(
                    "--percentiles \(text): expected numbers between 0 and 100, such as 50,95,99,99.9")
            }
            label = "p" + percent.trimmed().description
            value = ExactDecimal(units: percent.units, scale: percent.scale + 2)
        }
    }

    /// The name of the --by dimension, the percentiles asked for, and the fragments the
    /// sorting statements (latency.sql, latency_arrays.sql) take.
    static func inputs(_ context: ReportContext, options: AnalyticsOptions) throws -> (
        String, SQLTemplate.Fragment, [Fraction], [String: SQLTemplate.Fragment]
    ) {
        let (name, dimension) = try context.dimension(options.dimension)
        let fractions = try options.percentiles.map(Fraction.init(percent:))
        guard !fractions.isEmpty else { throw AnalyticsError.usage("--percentiles needs at least one percentile") }
        var parameters: [String: SQLValue] = [:]
        for (i, fraction) in fractions.enumerated() { parameters["p\(i)"] = .text(fraction.value.description) }
        var fragments: [String: SQLTemplate.Fragment] = ["dimension": dimension]
        for (key, fragment) in context.dialect.engine.analytics.percentileFragments(
            count: fractions.count, parameters: parameters)
        {
            fragments[key] = fragment
        }
        return (name, dimension, fractions, fragments)
    }

    /// The statements the report may run and the way the engine chose (LatencyPath).
    struct Plan {
        let counting: (() throws -> SQLTemplate.Rendered)?
        let path: LatencyPath
        let sorted: (LatencyPath) throws -> SQLTemplate.Rendered

        /// What runs first (what --explain shows).
        func first() throws -> SQLTemplate.Rendered {
            if case .counting = path, let counting { return try counting() }
            return try sorted(path)
        }
    }

    static func plan(
        _ context: ReportContext, dimension: SQLTemplate.Fragment, fragments: [String: SQLTemplate.Fragment],
        options: AnalyticsOptions
    ) throws -> Plan {
        let sorted = { (path: LatencyPath) in
            try context.statement(
                path == .sortedArrays ? .analyticsLatencyArrays : .analyticsLatency, fragments: fragments)
        }
        let integers = context.resolved.valueScale == 0 && !context.resolved.valueIsApproximate
        let counting = integers ? { try LatencyCounts.statement(context, dimension: dimension) } : nil
        let path = try context.dialect.engine.analytics.latencyPath(
            context.connection, counting: counting, arrays: { try sorted(.sortedArrays) }, limit: LatencyCounts.limit,
            arrayRowLimit: options.latencyArrayRowLimit)
        return Plan(counting: counting, path: path, sorted: sorted)
    }

    static func report(_ context: ReportContext, options: AnalyticsOptions, label: String) throws -> LatencyReport {
        let (dimension, dimensionFragment, fractions, fragments) = try inputs(context, options: options)
        let valueScale = context.resolved.valueScale ?? 0
        let plan = try plan(context, dimension: dimensionFragment, fragments: fragments, options: options)
        let keep = dimension != "none"
        var groups: [String?: Group]?
        var sortedPath = plan.path
        if case .counting(let then) = plan.path, let counting = plan.counting {
            groups = try LatencyCounts.read(
                context, try counting(), keepGroupNames: keep, positions: { n in try positions(fractions, n: n) })
            sortedPath = then
        }
        let found = try groups ?? (try sortedGroups(context, try plan.sorted(sortedPath), keepGroupNames: keep))
        var out: [LatencyGroup] = []
        for (key, group) in found {
            var percentiles: [String: ExactDecimal] = [:]
            var mean: ExactDecimal?, max: ExactDecimal?
            if group.n > 0 {
                for fraction in fractions {
                    percentiles[fraction.label] = try interpolate(fraction.value, n: group.n, values: group.values)
                }
                guard let largest = group.values[group.n] else {
                    throw AnalyticsError.source("the latency statement returned no maximum")
                }
                max = largest
                mean = try group.total.divided(by: group.n, scale: valueScale + 2)
            }
            out.append(
                LatencyGroup(
                    value: key, calls: group.calls, count: group.n, mean: mean, percentiles: percentiles, max: max))
        }
        // By value in byte order (NULL last): the same on both engines, whatever their collation.
        out.sort { ($0.value ?? "\u{10FFFF}") < ($1.value ?? "\u{10FFFF}") }
        return LatencyReport(
            source: context.reportSource(label: label), dimension: dimension,
            percentiles: fractions.map(\.label), groups: out)
    }

    /// One group's durations as the report needs them: how many, their exact sum, and the
    /// order statistics (1-based positions) the percentiles and the maximum use.
    struct Group {
        /// Rows, with a duration or not.
        var calls: Int64 = 0
        var n: Int64 = 0
        var total = ExactDecimal.zero
        var values: [Int64: ExactDecimal] = [:]
    }

    /// The positions percentile_cont interpolates between for each fraction, and n (the
    /// maximum): as `interpolate` reads them.
    static func positions(_ fractions: [Fraction], n: Int64) throws -> Set<Int64> {
        var out: Set<Int64> = [n]
        for fraction in fractions {
            let h = try fraction.value * ExactDecimal(n - 1)
            let below = Int64(h.units / (try ExactDecimal.multiply(1, byPowerOfTen: h.scale)))
            out.insert(below + 1)
            out.insert(below + 2)
        }
        return out
    }

    /// The groups from a sort-based statement: a row per position (latency.sql: rn, v) or a
    /// row per group with its positions and their values as arrays (latency_arrays.sql:
    /// rns, vs — a seventh of the rows to send and read).
    static func sortedGroups(_ context: ReportContext, _ statement: SQLTemplate.Rendered, keepGroupNames: Bool)
        throws -> [String?: Group]
    {
        let result = try context.connection.query(statement)
        var groups: [String?: Group] = [:]
        guard let first = result.rows.first else { return groups }
        if first.layout.index(of: "vs") != nil {
            return try arrayGroups(result.rows, keepGroupNames: keepGroupNames)
        }
        // Columns by position, found once: a report of thousands of groups reads tens of
        // thousands of rows here.
        let column = { (name: String) throws -> Int in
            guard let index = first.layout.index(of: name) else {
                throw AnalyticsError.source("the latency statement returned no \(name) column")
            }
            return index
        }
        let (dim, calls, n, total, rn, v) = (
            try column("dim"), try column("calls"), try column("n"), try column("total"), try column("rn"),
            try column("v")
        )
        for row in result.rows {
            let key = keepGroupNames ? row[dim] : nil
            guard let callCount = row[calls].flatMap({ Int64($0) }), let count = row[n].flatMap({ Int64($0) }) else {
                throw AnalyticsError.source("unexpected row from the latency statement")
            }
            var group = groups.removeValue(forKey: key) ?? Group()
            if group.values.isEmpty {
                group.calls = callCount
                group.n = count
                // The sum repeats on each of the group's rows: read once.
                if count > 0 {
                    guard let sum = row[total].flatMap(ExactDecimal.init) else {
                        throw AnalyticsError.source("unexpected row from the latency statement")
                    }
                    group.total = sum
                }
            }
            // A group whose every duration is NULL: one row without a position.
            if count > 0, let position = row[rn].flatMap({ Int64($0) }), let text = row[v] {
                guard let value = ExactDecimal(text) else {
                    throw AnalyticsError.source("unexpected row from the latency statement")
                }
                group.values[position] = value
            }
            groups[key] = group
        }
        return groups
    }

    /// One row per group (latency_arrays.sql): dim, calls, n, total, rns (positions) and vs
    /// (their values, in the same order), arrays in PostgreSQL's text form.
    static func arrayGroups(_ rows: [Row], keepGroupNames: Bool) throws -> [String?: Group] {
        var groups: [String?: Group] = [:]
        for row in rows {
            guard let calls = row.int64("calls"), let n = row.int64("n") else {
                throw AnalyticsError.source("unexpected row from the latency statement")
            }
            var group = Group()
            group.calls = calls
            group.n = n
            if n > 0 {
                guard let sum = row["total"].flatMap(ExactDecimal.init),
                    let positions = row["rns"].map(Self.arrayElements), let values = row["vs"].map(Self.arrayElements),
                    positions.count == values.count
                else { throw AnalyticsError.source("unexpected row from the latency statement") }
                group.total = sum
                for (position, value) in zip(positions, values) {
                    guard let k = ExactDecimal(bytes: position), k.scale == 0, let index = Int64(exactly: k.units),
                        let exact = ExactDecimal(bytes: value)
                    else {
                        throw AnalyticsError.source("unexpected value in the latency statement's arrays")
                    }
                    group.values[index] = exact
                }
            }
            groups[keepGroupNames ? row["dim"] : nil] = group
        }
        return groups
    }

    /// "{1,2,3}" -> the bytes of "1", "2", "3": a one-dimensional array of numbers (no
    /// quoting needed), split on bytes (thousands of groups are read here).
    static func arrayElements(_ text: String) -> [ArraySlice<UInt8>] {
        let bytes = Array(text.utf8)
        guard bytes.count >= 2, bytes.first == UInt8(ascii: "{"), bytes.last == UInt8(ascii: "}") else { return [] }
        guard bytes.count > 2 else { return [] }
        var out: [ArraySlice<UInt8>] = []
        var start = 1
        for i in 1..<(bytes.count - 1) where bytes[i] == UInt8(ascii: ",") {
            out.append(bytes[start..<i])
            start = i + 1
        }
        out.append(bytes[start..<(bytes.count - 1)])
        return out
    }

    /// percentile_cont: position h = p * (n - 1) (from 0); the value between the
    /// floor(h)-th and ceil(h)-th smallest, in proportion to h's fraction. Exact.
    static func interpolate(_ p: ExactDecimal, n: Int64, values: [Int64: ExactDecimal]) throws -> ExactDecimal {
        let h = try p * ExactDecimal(n - 1)
        let divisor = try ExactDecimal.multiply(1, byPowerOfTen: h.scale)
        let below = Int64(h.units / divisor)
        let fraction = ExactDecimal(units: h.units % divisor, scale: h.scale)
        guard let low = values[below + 1] else {
            throw AnalyticsError.source("the latency statement missed position \(below + 1)")
        }
        guard fraction.units != 0 else { return low }
        guard let high = values[below + 2] else {
            throw AnalyticsError.source("the latency statement missed position \(below + 2)")
        }
        let result = try low + (try (try high - low) * fraction)
        return result.trimmed(minimumScale: low.scale)
    }
}
