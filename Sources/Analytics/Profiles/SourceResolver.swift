import DBCore

/// Picks the profile and checks its source for one metric.
enum SourceResolver {
    /// The profile to use: the one named, else the first (configured ones first, then the
    /// built-in ones) whose tables are all present.
    static func profile(named name: String?, configured: [AnalyticsProfile], connection: DatabaseConnection) throws
        -> AnalyticsProfile
    {
        if let name {
            if let profile = configured.first(where: { $0.name == name }) ?? BuiltInProfiles.named(name) {
                return profile
            }
            let known = (configured.map(\.name) + BuiltInProfiles.all.map(\.name)).joined(separator: ", ")
            throw AnalyticsError.usage("no analytics profile named \(name) (known: \(known))")
        }
        let present = Set(try connection.named(.catalogTables).rows.compactMap { $0["table_name"] })
        for profile in configured + BuiltInProfiles.all where !profile.detect.isEmpty {
            if profile.detect.allSatisfy(present.contains) { return profile }
        }
        throw AnalyticsError.source(
            "no analytics profile matches the tables of this database: name one with --profile, or define one in the config file under [analytics.profiles.NAME]"
        )
    }

    static func resolve(_ metric: Metric, profile: AnalyticsProfile, connection: DatabaseConnection) throws
        -> ResolvedSource
    {
        let source = try profile.source(for: metric)
        var resolved = try resolve(source, metric, profile: profile, connection: connection)
        guard metric == .dau else { return resolved }
        for table in source.also {
            let more = try resolve(table, metric, profile: profile, connection: connection)
            // The range's bounds are bound once, as a date or as a timestamp.
            guard (more.timeKind == .date) == (resolved.timeKind == .date) else {
                throw AnalyticsError.source(
                    "profile \(profile.name): \(table.tableLabel).\(table.time) and \(source.tableLabel).\(source.time) must both be dates or both timestamps to count users across them"
                )
            }
            resolved.also.append(more)
        }
        return resolved
    }

    /// `metric` nil: only the table, time and dimension columns (a queue's).
    static func resolve(
        _ source: MetricSource, _ metric: Metric?, profile: AnalyticsProfile, connection: DatabaseConnection
    ) throws -> ResolvedSource {
        let (schemaName, columns) = try self.columns(
            source.schema, source.table, profile: profile, connection: connection)
        func column(_ name: String, _ role: String) throws -> Row {
            guard let row = columns[name] else {
                throw AnalyticsError.source(
                    "table \(source.tableLabel) has no column \(name) (the \(role) column of profile \(profile.name))")
            }
            return row
        }
        let time = try column(source.time, "time")
        let timeKind = try Self.timeKind(time["type_name"] ?? "", engine: connection.engine, column: source.time)
        if metric == .dau {
            guard let user = source.user else {
                throw AnalyticsError.usage("profile \(profile.name): the dau source names no user column")
            }
            _ = try column(user, "user")
        }
        var scale: Int?
        var approximate = false
        if let metric, metric != .dau {
            guard let valueName = source.value else {
                throw AnalyticsError.usage(
                    "profile \(profile.name): the \(metric.rawValue) source names no value column")
            }
            let value = try column(valueName, metric.valueRole)
            (scale, approximate) = try Self.numericKind(
                value, engine: connection.engine, column: valueName, role: metric.valueRole)
        }
        if metric == .cost, let count = source.count {
            _ = try Self.numericKind(
                try column(count, "request count"), engine: connection.engine, column: count, role: "request count")
        }
        for (name, dimensionColumn) in source.allDimensions {
            _ = try column(dimensionColumn, "\(name) dimension")
        }
        return ResolvedSource(
            profile: profile.name, source: source, schema: schemaName, timeKind: timeKind,
            valueScale: scale, valueIsApproximate: approximate,
            columns: columns)
    }

    /// A table's columns by name from the catalog, and the schema it was found in.
    static func columns(_ schema: String?, _ table: String, profile: AnalyticsProfile, connection: DatabaseConnection)
        throws -> (schema: String, columns: [String: Row])
    {
        let rendered = try SQLTemplate.named(.catalogColumns, server: connection.server).render(
            dialect: connection.dialect,
            parameters: ["schema": schema.map(SQLValue.text) ?? .null, "table": .text(table)])
        let rows = try connection.query(rendered).rows
        guard let first = rows.first else {
            let label = [schema, table].compactMap { $0 }.joined(separator: ".")
            throw AnalyticsError.source("table \(label) (profile \(profile.name)) does not exist in this database")
        }
        var columns: [String: Row] = [:]
        for row in rows { if let name = row["column_name"] { columns[name] = row } }
        return (first["schema_name"] ?? "", columns)
    }

    /// A profile's top source: the children's table and time (the range is theirs), their
    /// key and measure, and the parents' key and label.
    static func resolveTop(_ top: TopSource, profile: AnalyticsProfile, connection: DatabaseConnection) throws
        -> ResolvedSource
    {
        let resolved = try resolve(top.metricSource, nil, profile: profile, connection: connection)
        guard resolved.columns[top.childKey] != nil else {
            throw AnalyticsError.source(
                "table \(top.childTable) has no column \(top.childKey) (the key of its \(top.table) in profile \(profile.name))"
            )
        }
        if let measure = top.measure {
            guard let row = resolved.columns[measure] else {
                throw AnalyticsError.source(
                    "table \(top.childTable) has no column \(measure) (the measure of profile \(profile.name))")
            }
            _ = try numericKind(row, engine: connection.engine, column: measure, role: "measure")
        }
        let (_, parent) = try columns(top.schema, top.table, profile: profile, connection: connection)
        for (role, column) in [("key", top.key), ("label", top.label)] where parent[column] == nil {
            throw AnalyticsError.source(
                "table \(top.table) has no column \(column) (the \(role) column of profile \(profile.name)'s top source)"
            )
        }
        return resolved
    }

    /// A profile's queue: its table, and time columns of one kind (the range is bound once).
    static func resolveQueue(profile: AnalyticsProfile, connection: DatabaseConnection) throws -> ResolvedSource {
        guard let queue = profile.queue else {
            throw AnalyticsError.usage("profile \(profile.name) has no queue for `analytics queue`")
        }
        let resolved = try resolve(queue.metricSource, nil, profile: profile, connection: connection)
        let types = resolved.columnTypes
        for (role, column) in [("start", queue.started), ("end", queue.finished), ("status", queue.status)] {
            guard let type = types[column] else {
                throw AnalyticsError.source(
                    "table \(queue.table) has no column \(column) (the queue's \(role) column in profile \(profile.name))"
                )
            }
            if role != "status",
                try timeKind(type, engine: connection.engine, column: column) != resolved.timeKind
            {
                throw AnalyticsError.source(
                    "\(queue.table).\(column) and \(queue.created) must be the same kind of time column")
            }
        }
        return resolved
    }

    static func timeKind(_ type: String, engine: Engine, column: String) throws -> TimeColumnKind {
        guard let kind = TimeColumnKind.of(type, engine: engine) else {
            throw AnalyticsError.source(
                "column \(column) is \(type), not a timestamp or date: it cannot be the time column")
        }
        return kind
    }

    static func numericKind(_ row: Row, engine: Engine, column: String, role: String) throws -> (
        scale: Int?, approximate: Bool
    ) {
        let type = (row["type_name"] ?? "").lowercased()
        let integers: Set<String> = [
            "int2", "int4", "int8", "tinyint", "smallint", "mediumint", "int", "integer", "bigint",
        ]
        if integers.contains(type) { return (0, false) }
        if type == "numeric" || type == "decimal" { return (row.int("numeric_scale"), false) }
        if ["float4", "float8", "float", "double", "real"].contains(type) { return (nil, true) }
        throw AnalyticsError.source("column \(column) is \(type), not a number: it cannot be the \(role) column")
    }
}
