import Archive

/// [partitions]: pacing, premake and retention_dir, and each [partitions.rules.NAME].
enum PartitionsSettings {
    private static let library = PartitionRule(name: "", table: "")

    static let premake = Setting(
        "premake", .integer(Limits.premake), shown: "the rule's",
        "future partitions to keep ready, overriding every rule's")
    static let retentionDir = Setting(
        "retention_dir", .path, "where partitions past their rule's retention are dumped before they are dropped")

    static let all: [SettingDeclaration] = PacingSettings.partitions.all + [premake, retentionDir]

    enum Rule {
        static let table = Setting("table", .string, shown: "required", flag: .none, "partitioned table")
        static let schema = Setting(
            "schema", .string, shown: "search path / current database", flag: .none, "schema of the table")
        static let column = Setting(
            "column", .string, flag: .none, "time column (for advice when the table is not partitioned)")
        static let interval = Setting(
            "interval", .choice(PartitionInterval.self), default: library.interval, flag: .none,
            "length of a partition")
        static let premake = Setting(
            "premake", .integer(Limits.premake), default: library.premake, flag: .none,
            "partitions ready after the current one")
        static let timeZone = Setting(
            "time_zone", .timeZone, shown: "the server's TimeZone", flag: .none,
            "whose midnights bound a timestamptz key")
        static let retention = Setting("retention", .retention, flag: .none, "drop partitions wholly older")

        static let all: [SettingDeclaration] = [table, schema, column, interval, premake, timeZone, retention]
    }
}

extension SettingKind where Value == PartitionRetention {
    /// "2 years", "18 months", "400 days" (pg_partman's retention, in calendar units).
    static let retention: SettingKind = {
        func parse(_ text: String, _ option: String) throws -> PartitionRetention {
            guard let retention = PartitionRetention(parsing: text) else {
                throw UsageError(
                    "\(option) \(text): expected a period such as \"2 years\", \"18 months\" or \"400 days\"")
            }
            return retention
        }
        return SettingKind(
            typeName: "period", valueName: "period", rangeText: "days, months or years",
            parse: parse,
            read: { config, key in try config.string(key).map { try parse($0, "config: \(config.name).\(key)") } },
            describe: { $0.description })
    }()
}
