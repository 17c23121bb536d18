import Analytics

/// User-defined analytics profiles from the config file:
///
///     [analytics.profiles.shop]
///     detect = ["orders"]                       # optional: pick it when these tables exist
///     dau = { table = "orders", user = "customer_id", time = "placed_at" }
///     # users are also active through their reviews (dau only; a user counts once):
///     # [analytics.profiles.shop.dau.also.reviews] time = "written_at", user = "author_id"
///     cost = { table = "orders", time = "placed_at", user = "customer_id", value = "total",
///              unit = "EUR", dimensions = { country = "country_code" }, default_by = "country" }
///     latency = { table = "requests", time = "at", value = "duration_ms", unit = "ms",
///                 dimensions = { route = "route" } }
enum AnalyticsProfileConfig {
    static let sourceKeys: Set<String> = [
        "schema", "table", "time", "user", "value", "unit", "dimensions", "default_by", "also", "count",
    ]

    static func profiles(_ settings: ConfigSection) throws -> [AnalyticsProfile] {
        let section = try settings.section("profiles")
        return try section.keys.map { name in try profile(name, try section.section(name)) }
    }

    static func profile(_ name: String, _ section: ConfigSection) throws -> AnalyticsProfile {
        for key in section.keys where !["summary", "detect", "queue"].contains(key) && Metric(rawValue: key) == nil {
            throw UsageError(
                "config: unknown key \(key) in [\(section.name)] (expected summary, detect, dau, cost, latency, queue)")
        }
        var sources: [Metric: MetricSource] = [:]
        for metric in Metric.allCases where section.keys.contains(metric.rawValue) {
            sources[metric] = try source(try section.section(metric.rawValue))
        }
        let queue = section.keys.contains("queue") ? try self.queue(try section.section("queue")) : nil
        guard !sources.isEmpty || queue != nil else {
            throw UsageError("config: [\(section.name)] defines none of dau, cost, latency, queue")
        }
        return AnalyticsProfile(
            name: name, summary: try section.string("summary") ?? name,
            detect: try section.strings("detect") ?? [], sources: sources, queue: queue)
    }

    static let queueKeys: Set<String> = [
        "schema", "table", "created", "started", "finished", "status", "waiting", "running", "failed", "dimensions",
        "default_by",
    ]

    /// [analytics.profiles.NAME.queue]: a work queue kept in a table.
    static func queue(_ section: ConfigSection) throws -> QueueSource {
        for key in section.keys where !queueKeys.contains(key) {
            throw UsageError(
                "config: unknown key \(key) in [\(section.name)] (expected \(queueKeys.sorted().joined(separator: ", ")))"
            )
        }
        func required(_ key: String) throws -> String {
            guard let value = try section.string(key) else {
                throw UsageError("config: [\(section.name)] needs \(key)")
            }
            return value
        }
        guard let waiting = try section.strings("waiting"), !waiting.isEmpty else {
            throw UsageError("config: [\(section.name)] needs waiting (the statuses of rows still waiting)")
        }
        let dimensionSection = try section.section("dimensions")
        var dimensions: [String: String] = [:]
        for key in dimensionSection.keys { dimensions[key] = try dimensionSection.string(key) }
        return QueueSource(
            schema: try section.string("schema"), table: try required("table"), created: try required("created"),
            started: try required("started"), finished: try required("finished"), status: try required("status"),
            waiting: waiting, running: try section.strings("running") ?? [],
            failed: try section.strings("failed") ?? [],
            dimensions: dimensions, defaultDimension: try section.string("default_by"))
    }

    static func source(_ section: ConfigSection) throws -> MetricSource {
        for key in section.keys where !sourceKeys.contains(key) {
            throw UsageError(
                "config: unknown key \(key) in [\(section.name)] (expected \(sourceKeys.sorted().joined(separator: ", ")))"
            )
        }
        guard let table = try section.string("table") else { throw UsageError("config: [\(section.name)] needs table") }
        guard let time = try section.string("time") else { throw UsageError("config: [\(section.name)] needs time") }
        let dimensionSection = try section.section("dimensions")
        var dimensions: [String: String] = [:]
        for key in dimensionSection.keys {
            guard let column = try dimensionSection.string(key) else { continue }
            dimensions[key] = column
        }
        let user = try section.string("user")
        let alsoSection = try section.section("also")
        let also = try alsoSection.keys.sorted().map { name -> MetricSource in
            let more = try alsoSection.section(name)
            for key in more.keys where !["schema", "time", "user"].contains(key) {
                throw UsageError("config: unknown key \(key) in [\(more.name)] (expected schema, time, user)")
            }
            guard let time = try more.string("time") else { throw UsageError("config: [\(more.name)] needs time") }
            return MetricSource(
                schema: try more.string("schema"), table: name, time: time, user: try more.string("user") ?? user)
        }
        return MetricSource(
            schema: try section.string("schema"), table: table, time: time, user: user,
            value: try section.string("value"), unit: try section.string("unit"), dimensions: dimensions,
            defaultDimension: try section.string("default_by"), also: also, count: try section.string("count"))
    }
}
