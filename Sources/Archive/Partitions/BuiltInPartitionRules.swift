import DBCore

/// The applications' partitioned tables, as their documents create them.
public enum BuiltInPartitionRules {
    public static let all: [(application: String, detect: [String], rules: [PartitionRule])] = [
        // InfiniteStories creates api_usage_2024, api_usage_2025 ... by hand.
        (
            "infinitestories", ["api_usage"],
            [PartitionRule(name: "infinitestories.api_usage", table: "api_usage", column: "created_at")]
        ),
        (
            "storyboardai", ["audit_log", "projects"],
            [PartitionRule(name: "storyboardai.audit_log", table: "audit_log", column: "created_at")]
        ),
        // AI_SMARTLITE's "Partition large tables": its usage metrics, pipeline runs and LLM
        // messages grow by the day; monthly ranges on their TIMESTAMP columns.
        (
            "ai_smartlite", ["usage_metrics", "pipeline_executions"],
            [
                PartitionRule(
                    name: "ai_smartlite.usage_metrics", table: "usage_metrics", column: "date", interval: .monthly),
                PartitionRule(
                    name: "ai_smartlite.pipeline_executions", table: "pipeline_executions", column: "created_at",
                    interval: .monthly),
                PartitionRule(
                    name: "ai_smartlite.llm_messages", table: "llm_messages", column: "created_at", interval: .monthly),
            ]
        ),
    ]

    public static func rules(present: Set<String>) -> [PartitionRule] {
        all.filter { $0.detect.allSatisfy(present.contains) }.flatMap(\.rules)
    }

    /// A built-in rule by name, for a config entry that only adjusts it (a retention, say).
    public static func named(_ name: String) -> PartitionRule? {
        all.flatMap(\.rules).first { $0.name == name }
    }
}
