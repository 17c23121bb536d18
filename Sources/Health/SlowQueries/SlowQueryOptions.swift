import DBCore
import Foundation

public struct SlowQueryOptions: Sendable {
    public var limit: Int = 10
    public var orderBy: SlowQueryOrder = .total
    /// Only statements whose mean time is above this many seconds.
    public var minMean: Double?
    public var allDatabases = false
    /// Stores what was read and reports the difference since the previous snapshot.
    public var snapshotFile: String?
    public var explain = false
    /// EXPLAIN ANALYZE (runs the statement): only for SELECT examples.
    public var explainAnalyze = false
    /// "mean_ms" and "share_pct" limits.
    public var thresholds: [String: Thresholds] = [:]
    public var session = SessionSettings(statementTimeout: 5, lockTimeout: 1, readOnly: true, catalogOnly: true)
    /// Also list statements on the server's own catalogs and session settings (what
    /// monitoring, dbops included, runs); left out by default.
    public var includeSelf = false

    public init() {}

    public static let thresholdNames = ["mean_ms", "share_pct"]

    /// A statement monitoring runs rather than the application: session settings, SHOW,
    /// lock functions, or reads of information_schema / performance_schema / the system
    /// schemas (as the digest or fingerprint text spells it).
    public static func isMonitoring(_ query: String?) -> Bool {
        guard let text = query?.trimmingCharacters(in: .whitespacesAndNewlines).uppercased(), !text.isEmpty else {
            return false
        }
        let prefixes = [
            "SET ", "SHOW ", "KILL ", "SELECT @@", "SELECT GET_LOCK", "SELECT RELEASE_LOCK", "SELECT IS_FREE_LOCK",
            "EXPLAIN ", "SELECT SET_CONFIG(",
        ]
        if prefixes.contains(where: text.hasPrefix) { return true }
        let catalogs = [
            "INFORMATION_SCHEMA", "PERFORMANCE_SCHEMA", "`MYSQL` .", "MYSQL.", "`SYS` .", "PG_CATALOG.", "PG_STAT_",
        ]
        return catalogs.contains { text.contains($0) }
    }
}
