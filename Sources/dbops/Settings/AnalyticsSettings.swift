import Analytics

/// [analytics]: what every report takes, and cost's and latency's own.
enum AnalyticsSettings {
    private static let library = AnalyticsOptions(since: "")

    static let profile = Setting("profile", .string, shown: "picked from the tables present", "application profile")
    static let since = Setting(
        "since", .reportInstant, shown: "30d (latency 7d)",
        "start: 30d, 2w, 12h, today, yesterday, 2026-03-29 or 2026-03-29T08:30[Z|+02:00]")
    static let timeZone = Setting(
        "time_zone", .timeZone, default: library.timeZone, flag: .named("--tz"),
        "time zone whose days are the buckets")
    static let statementTimeout = Setting(
        "statement_timeout", .duration(Limits.statementTimeout), default: library.statementTimeout,
        "longest the report's statement may run")
    static let lockTimeout = Setting(
        "lock_timeout", .duration(Limits.lockTimeout), default: library.lockTimeout,
        "longest the report waits for a table another session holds (a migration) before it gives up")
    static let top = Setting(
        "top", .integer(Limits.top), default: library.top,
        "cost: how many dimension values to list", detail: "the rest are added up as others")
    static let percentiles = Setting(
        "percentiles", .percentiles, default: library.percentiles, "latency: percentiles shown")

    static let all: [SettingDeclaration] = [profile, since, timeZone, statementTimeout, lockTimeout, top, percentiles]
}

extension SettingKind where Value == String {
    /// A report's start or end as `ReportPeriod` reads it (30d, today, 2026-03-29, ...),
    /// checked where it is typed, so an error names the flag or the config key it came from.
    static let reportInstant: SettingKind = {
        func check(_ text: String, _ option: String) throws -> String {
            guard !text.isEmpty else { throw UsageError("\(option) is empty") }
            do {
                try ReportPeriod.check(text, option: option)
            } catch let error as AnalyticsError {
                throw UsageError(error.description)
            }
            return text
        }
        return SettingKind(
            typeName: "string", valueName: "when", rangeText: nil, parse: check,
            read: { config, key in try config.string(key).map { try check($0, "config: \(config.name).\(key)") } },
            describe: { $0 })
    }()
}

extension SettingKind where Value == [String] {
    /// "50,95,99.9": 1 to 20 numbers from 0 to 100 with at most 10 decimals, checked before
    /// anything connects.
    static let percentiles: SettingKind = {
        func parse(_ list: String, _ option: String) throws -> [String] {
            let items = list.split(separator: ",", omittingEmptySubsequences: false).map {
                $0.trimmingCharacters(in: .whitespaces)
            }
            guard !items.isEmpty, items.count <= 20 else {
                throw UsageError("\(option) \(list): give 1 to 20 percentiles, such as 50,95,99")
            }
            for item in items {
                _ = try HumanInput.number(item, option: option, range: 0...100)
                if let dot = item.firstIndex(of: "."), item.distance(from: dot, to: item.endIndex) > 11 {
                    throw UsageError("\(option) \(item): at most 10 decimals")
                }
            }
            return items
        }
        return SettingKind(
            typeName: "string", valueName: "list", rangeText: "each 0 to 100",
            parse: parse,
            read: { config, key in try config.string(key).map { try parse($0, "config: \(config.name).\(key)") } },
            describe: { $0.joined(separator: ",") })
    }()
}
