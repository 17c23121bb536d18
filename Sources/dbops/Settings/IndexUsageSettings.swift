import Health

/// [index_usage].
enum IndexUsageSettings {
    static let maxScans = Setting(
        "max_scans", .integer(0...Int(Int32.max)), default: Int(IndexUsageOptions().maxScans),
        "an index with at most this many scans is unused", detail: "pghero uses 50")

    static let all: [SettingDeclaration] = [maxScans]
}
