/// The five applications' tables, as their documents describe them.
public enum BuiltInProfiles {
    /// In the order they are tried: the first whose tables are all present is chosen.
    public static let all: [AnalyticsProfile] = [
        infiniteStories, scriptPal, aiSmartlite, characterCreation, storyboardAI,
    ]

    public static func named(_ name: String) -> AnalyticsProfile? {
        all.first { $0.name == name }
    }

    /// InfiniteStories: every edge-function call lands in api_usage (the seed's "Daily
    /// active users" and "API performance" queries); its "Popular content" ranks heroes by
    /// their stories, with the stories' average plays.
    public static let infiniteStories = AnalyticsProfile(
        name: "infinitestories", summary: "InfiniteStories api_usage", detect: ["api_usage"],
        sources: [
            .dau: MetricSource(table: "api_usage", time: "created_at", user: "user_id"),
            .cost: MetricSource(
                table: "api_usage", time: "created_at", user: "user_id", value: "cost_estimate", unit: "USD",
                dimensions: ["function": "function_name", "status": "status"], defaultDimension: "function"),
            .latency: MetricSource(
                table: "api_usage", time: "created_at", user: "user_id", value: "response_time_ms", unit: "ms",
                dimensions: ["function": "function_name", "status": "status"], defaultDimension: "function"),
        ],
        top: TopSource(
            table: "heroes", key: "id", label: "name", childTable: "stories", childKey: "hero_id",
            childTime: "created_at", measure: "play_count"))

    /// ScriptPal: chat_messages carries the OpenAI cost of every message; users chat
    /// through chat_messages and chat_history, so either makes them active.
    public static let scriptPal = AnalyticsProfile(
        name: "scriptpal", summary: "ScriptPal chat_messages and chat_history", detect: ["chat_messages", "scripts"],
        sources: [
            .dau: MetricSource(
                table: "chat_messages", time: "created_at", user: "user_id",
                also: [MetricSource(table: "chat_history", time: "timestamp", user: "user_id")]),
            .cost: MetricSource(
                table: "chat_messages", time: "created_at", user: "user_id", value: "cost_usd", unit: "USD",
                dimensions: ["model": "model", "intent": "intent", "role": "role"], defaultDimension: "model"),
        ])

    /// AI_SMARTLITE: usage_metrics holds per-service usage and cost (a row stands for
    /// request_count requests: the document's "request counts"); pipeline_executions
    /// the time each pipeline run took.
    public static let aiSmartlite = AnalyticsProfile(
        name: "ai_smartlite", summary: "AI_SMARTLITE usage_metrics and pipeline_executions",
        detect: ["usage_metrics", "pipeline_executions"],
        sources: [
            .dau: MetricSource(table: "usage_metrics", time: "date", user: "user_id"),
            .cost: MetricSource(
                table: "usage_metrics", time: "date", user: "user_id", value: "cost", unit: "USD",
                dimensions: ["service": "service"], defaultDimension: "service", count: "request_count"),
            .latency: MetricSource(
                table: "pipeline_executions", time: "created_at", user: "user_id", value: "execution_time",
                unit: "ms", dimensions: ["pipeline": "pipeline_id", "status": "status"],
                defaultDimension: "pipeline"),
        ])

    /// Character Creation: generations record who generated what and how long it took, and
    /// are its generation queue (PENDING, PROCESSING, then COMPLETED or FAILED).
    public static let characterCreation = AnalyticsProfile(
        name: "character_creation", summary: "Character Creation generations", detect: ["generations", "characters"],
        sources: [
            .dau: MetricSource(table: "generations", time: "created_at", user: "user_id"),
            .latency: MetricSource(
                table: "generations", time: "created_at", user: "user_id", value: "duration_ms", unit: "ms",
                dimensions: ["status": "status", "style": "style_type"], defaultDimension: "style"),
        ],
        queue: QueueSource(
            table: "generations", created: "created_at", started: "started_at", finished: "completed_at",
            status: "status", waiting: ["PENDING"], running: ["PROCESSING"], failed: ["FAILED"],
            dimensions: ["style": "style_type"], defaultDimension: "style"))

    /// StoryboardAI: its user_engagement_metrics view counts project creators per day.
    public static let storyboardAI = AnalyticsProfile(
        name: "storyboardai", summary: "StoryboardAI projects", detect: ["projects", "storyboards"],
        sources: [
            .dau: MetricSource(table: "projects", time: "created_at", user: "user_id")
        ],
        engagement: EngagementSource(
            table: "projects", time: "created_at", user: "user_id", key: "id", childTable: "storyboards",
            childKey: "project_id", view: "user_engagement_metrics"))
}
