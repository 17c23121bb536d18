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

    /// Retention: history an application's document says to keep only for a while (AI_SMARTLITE's
    /// "Implement data retention policies"), due `grace` after its creation. How long is the
    /// operator's decision, so these run only when asked for: `--rule NAME`, or a
    /// [cleanup.rules.NAME] entry (which may set its own grace and takes the rest from here).
    public static let retention: [(application: String, detect: [String], rules: [CleanupRule])] = [
        (
            "ai_smartlite", ["llm_messages", "pipeline_executions"],
            [
                CleanupRule(
                    name: "ai_smartlite.llm_messages", table: "llm_messages", column: "created_at",
                    grace: 365 * 86_400),
                CleanupRule(
                    name: "ai_smartlite.pipeline_executions", table: "pipeline_executions", column: "created_at",
                    grace: 180 * 86_400),
            ]
        )
    ]

    /// Rules of every application whose tables are all in `present`.
    public static func rules(present: Set<String>) -> [CleanupRule] {
        all.filter { $0.detect.allSatisfy(present.contains) }.flatMap(\.rules)
    }

    /// Retention rules of every application whose tables are all in `present`.
    public static func retentionRules(present: Set<String>) -> [CleanupRule] {
        retention.filter { $0.detect.allSatisfy(present.contains) }.flatMap(\.rules)
    }

    /// A built-in rule (expiry or retention) by name, for a config entry that only adjusts it.
    public static func named(_ name: String) -> CleanupRule? {
        (all + retention).flatMap(\.rules).first { $0.name == name }
    }
}
