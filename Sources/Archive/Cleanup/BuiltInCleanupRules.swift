import DBCore

/// The applications' own expiry rules, applied when their tables are present.
public enum BuiltInCleanupRules {
    /// (tables that identify the application, its rules)
    public static let all: [(application: String, detect: [String], rules: [CleanupRule])] = [
        // InfiniteStories' cleanup_expired_cache() under pg_cron, and its rate-limit windows.
        (
            "infinitestories", ["cache_entries", "rate_limits"],
            [
                CleanupRule(name: "infinitestories.cache_entries", table: "cache_entries", column: "expires_at"),
                CleanupRule(name: "infinitestories.rate_limits", table: "rate_limits", column: "window_end"),
            ]
        ),
        (
            "scriptpal", ["sessions", "chat_messages"],
            [
                CleanupRule(name: "scriptpal.sessions", table: "sessions", column: "expires_at")
            ]
        ),
        (
            "ai_smartlite", ["sessions", "refresh_tokens"],
            [
                CleanupRule(name: "ai_smartlite.sessions", table: "sessions", column: "expires_at"),
                CleanupRule(name: "ai_smartlite.refresh_tokens", table: "refresh_tokens", column: "expires_at"),
            ]
        ),
    ]

    /// Rules of every application whose tables are all in `present`.
    public static func rules(present: Set<String>) -> [CleanupRule] {
        all.filter { $0.detect.allSatisfy(present.contains) }.flatMap(\.rules)
    }
}
