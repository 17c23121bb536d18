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
///     # parents ranked by their children, with a child measure on average:
///     # [analytics.profiles.shop.top] table = "products", label = "name", children = "orders",
///     #   child_key = "product_id", child_time = "placed_at", measure = "total"
enum AnalyticsProfileConfig {
    static let sourceKeys: Set<String> = [
        "schema", "table", "time", "user", "value", "unit", "dimensions", "default_by", "also", "count",
    ]

    static func profiles(_ settings: ConfigSection) throws -> [AnalyticsProfile] {
        let section = try settings.section("profiles")
        return try section.keys.map { name in try profile(name, try section.section(name)) }
    }

    static func profile(_ name: String, _ section: ConfigSection) throws -> AnalyticsProfile {
        for key in section.keys
        where !["summary", "detect", "queue", "top"].contains(key) && Metric(rawValue: key) == nil {
            throw UsageError(
                "config: unknown key \(key) in [\(section.name)] (expected summary, detect, dau, cost, latency, queue, top)"
            )
        }
        var sources: [Metric: MetricSource] = [:]
        for metric in Metric.allCases where section.keys.contains(metric.rawValue) {
            sources[metric] = try source(try section.section(metric.rawValue))
        }
        let queue = section.keys.contains("queue") ? try self.queue(try section.section("queue")) : nil
        let top = section.keys.contains("top") ? try self.top(try section.section("top")) : nil
        guard !sources.isEmpty || queue != nil || top != nil else {
            throw UsageError("config: [\(section.name)] defines none of dau, cost, latency, queue, top")
        }
        return AnalyticsProfile(
            name: name, summary: try section.string("summary") ?? name,
            detect: try section.strings("detect") ?? [], sources: sources, queue: queue, top: top)
    }

    static let topKeys: Set<String> = [
        "schema", "table", "key", "label", "children", "child_key", "child_time", "measure",
    ]

    /// [analytics.profiles.NAME.top]: parents ranked by their children.
    static func top(_ section: ConfigSection) throws -> TopSource {
        try rejectUnknown(section, topKeys)
        let required = { (key: String) in try requiredString(section, key) }
        return TopSource(
            schema: try section.string("schema"), table: try required("table"), key: try section.string("key") ?? "id",
            label: try required("label"), childTable: try required("children"), childKey: try required("child_key"),
            childTime: try required("child_time"), measure: try section.string("measure"))
    }

    static func rejectUnknown(_ section: ConfigSection, _ known: Set<String>) throws {
        for key in section.keys where !known.contains(key) {
            throw UsageError(
                "config: unknown key \(key) in [\(section.name)] (expected \(known.sorted().joined(separator: ", ")))")
        }
    }

    static func requiredString(_ section: ConfigSection, _ key: String) throws -> String {
        guard let value = try section.string(key) else { throw UsageError("config: [\(section.name)] needs \(key)") }
        return value
    }

    static let queueKeys: Set<String> = [
        "schema", "table", "created", "started", "finished", "status", "waiting", "running", "failed", "dimensions",
        "default_by",
    ]

    /// [analytics.profiles.NAME.queue]: a work queue kept in a table.
    static func queue(_ section: ConfigSection) throws -> QueueSource {
        try rejectUnknown(section, queueKeys)
        let required = { (key: String) in try requiredString(section, key) }
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
        try rejectUnknown(section, sourceKeys)
        let table = try requiredString(section, "table")
        let time = try requiredString(section, "time")
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
