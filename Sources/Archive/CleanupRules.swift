import DBCore

/// One kind of expired row: rows of `table` whose `column` lies more than `grace` seconds
/// in the past.
public struct CleanupRule: Sendable, Codable, Equatable {
    public var name: String
    public var schema: String?
    public var table: String
    /// When the row expires (timestamptz / timestamp / TIMESTAMP / DATETIME).
    public var column: String
    /// Keep rows this many seconds past their expiry.
    public var grace: Double
    /// Which clock a column without a time zone (PostgreSQL `timestamp`, MySQL `DATETIME`)
    /// is compared with. Columns with one (timestamptz, TIMESTAMP) are instants either way.
    public var clock: ExpiryClock

    public init(name: String, schema: String? = nil, table: String, column: String, grace: Double = 0, clock: ExpiryClock = .server) {
        self.name = name
        self.schema = schema
        self.table = table
        self.column = column
        self.grace = grace
        self.clock = clock
    }

    var tableLabel: String { [schema, table].compactMap { $0 }.joined(separator: ".") }
}

/// The clock an expiry without a time zone is read against.
public enum ExpiryClock: String, Sendable, Codable, CaseIterable {
    /// The server's own wall clock, as the application's `NOW()` writes it (default).
    case server
    /// UTC wall time, for applications that write UTC (`UTC_TIMESTAMP()`, `now() AT TIME ZONE 'UTC'`).
    case utc
}

/// The applications' own expiry rules, applied when their tables are present.
public enum BuiltInCleanupRules {
    /// (tables that identify the application, its rules)
    public static let all: [(application: String, detect: [String], rules: [CleanupRule])] = [
        // InfiniteStories' cleanup_expired_cache() under pg_cron, and its rate-limit windows.
        ("infinitestories", ["cache_entries", "rate_limits"], [
            CleanupRule(name: "infinitestories.cache_entries", table: "cache_entries", column: "expires_at"),
            CleanupRule(name: "infinitestories.rate_limits", table: "rate_limits", column: "window_end"),
        ]),
        ("scriptpal", ["sessions", "chat_messages"], [
            CleanupRule(name: "scriptpal.sessions", table: "sessions", column: "expires_at"),
        ]),
        ("ai_smartlite", ["sessions", "refresh_tokens"], [
            CleanupRule(name: "ai_smartlite.sessions", table: "sessions", column: "expires_at"),
            CleanupRule(name: "ai_smartlite.refresh_tokens", table: "refresh_tokens", column: "expires_at"),
        ]),
    ]

    /// Rules of every application whose tables are all in `present`.
    public static func rules(present: Set<String>) -> [CleanupRule] {
        all.filter { $0.detect.allSatisfy(present.contains) }.flatMap(\.rules)
    }
}
