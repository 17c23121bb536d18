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
    ]

    public static func rules(present: Set<String>) -> [PartitionRule] {
        all.filter { $0.detect.allSatisfy(present.contains) }.flatMap(\.rules)
    }
}
