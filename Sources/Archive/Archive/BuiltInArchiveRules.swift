import DBCore
import Foundation

public enum BuiltInArchiveRules {
    /// StoryboardAI's archive_old_projects(): completed projects not updated for two years,
    /// with their storyboards, scenes and scene tasks.
    public static let all: [(application: String, detect: [String], rules: [ArchiveRule])] = [
        (
            "storyboardai", ["projects", "storyboards"],
            [
                ArchiveRule(
                    name: "storyboardai.projects", table: "projects", timeColumn: "updated_at", olderThan: 730 * 86_400,
                    match: ["status": "completed"])
            ]
        )
    ]

    public static func rules(present: Set<String>) -> [ArchiveRule] {
        all.filter { $0.detect.allSatisfy(present.contains) }.flatMap(\.rules)
    }
}
