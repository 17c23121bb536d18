/// The three reports.
public enum Metric: String, Sendable, Codable, CodingKeyRepresentable, CaseIterable {
    case dau, cost, latency

    /// What the value column holds, for messages.
    var valueRole: String {
        switch self {
        case .dau: return "activity"
        case .cost: return "cost"
        case .latency: return "duration"
        }
    }
}

/// Where one report reads: a table, its time column, and the columns the report needs.
/// Every name here is an identifier, quoted when placed in SQL; none is ever SQL text.
public struct MetricSource: Sendable, Codable, Equatable {
    public var schema: String?
    public var table: String
    /// When the row happened (timestamptz, timestamp, date; TIMESTAMP, DATETIME, DATE).
    public var time: String
    /// Who did it (DAU; also the `user` dimension).
    public var user: String?
    /// The cost or the duration.
    public var value: String?
    /// Printed after values: "USD", "ms".
    public var unit: String?
    /// Dimension name -> column ("function" -> "function_name").
    public var dimensions: [String: String]
    public var defaultDimension: String?

    public init(schema: String? = nil, table: String, time: String, user: String? = nil, value: String? = nil,
                unit: String? = nil, dimensions: [String: String] = [:], defaultDimension: String? = nil) {
        self.schema = schema
        self.table = table
        self.time = time
        self.user = user
        self.value = value
        self.unit = unit
        self.dimensions = dimensions
        self.defaultDimension = defaultDimension
    }

    /// Dimensions including `user` when the source names a user column.
    public var allDimensions: [String: String] {
        var out = dimensions
        if let user, out["user"] == nil { out["user"] = user }
        return out
    }

    public var tableLabel: String { [schema, table].compactMap { $0 }.joined(separator: ".") }
}

/// Which tables one application's reports read.
public struct AnalyticsProfile: Sendable, Codable, Equatable {
    public var name: String
    public var summary: String
    /// Tables that must all exist for the profile to be picked automatically.
    public var detect: [String]
    public var sources: [Metric: MetricSource]

    public init(name: String, summary: String, detect: [String], sources: [Metric: MetricSource]) {
        self.name = name
        self.summary = summary
        self.detect = detect
        self.sources = sources
    }

    public func source(for metric: Metric) throws -> MetricSource {
        guard let source = sources[metric] else {
            let has = Metric.allCases.filter { sources[$0] != nil }.map(\.rawValue).joined(separator: ", ")
            throw AnalyticsError.usage("profile \(name) has no \(metric.valueRole) source for `analytics \(metric.rawValue)` (it has: \(has.isEmpty ? "none" : has))")
        }
        return source
    }
}

/// The five applications' tables, as their documents describe them.
public enum BuiltInProfiles {
    /// In the order they are tried: the first whose tables are all present is chosen.
    public static let all: [AnalyticsProfile] = [infiniteStories, scriptPal, aiSmartlite, characterCreation, storyboardAI]

    public static func named(_ name: String) -> AnalyticsProfile? {
        all.first { $0.name == name }
    }

    /// InfiniteStories: every edge-function call lands in api_usage (the seed's "Daily
    /// active users" and "API performance" queries).
    public static let infiniteStories = AnalyticsProfile(
        name: "infinitestories", summary: "InfiniteStories api_usage", detect: ["api_usage"],
        sources: [
            .dau: MetricSource(table: "api_usage", time: "created_at", user: "user_id"),
            .cost: MetricSource(table: "api_usage", time: "created_at", user: "user_id", value: "cost_estimate", unit: "USD",
                                dimensions: ["function": "function_name", "status": "status"], defaultDimension: "function"),
            .latency: MetricSource(table: "api_usage", time: "created_at", user: "user_id", value: "response_time_ms", unit: "ms",
                                   dimensions: ["function": "function_name", "status": "status"], defaultDimension: "function"),
        ])

    /// ScriptPal: chat_messages carries the OpenAI cost of every message.
    public static let scriptPal = AnalyticsProfile(
        name: "scriptpal", summary: "ScriptPal chat_messages", detect: ["chat_messages", "scripts"],
        sources: [
            .dau: MetricSource(table: "chat_messages", time: "created_at", user: "user_id"),
            .cost: MetricSource(table: "chat_messages", time: "created_at", user: "user_id", value: "cost_usd", unit: "USD",
                                dimensions: ["model": "model", "intent": "intent", "role": "role"], defaultDimension: "model"),
        ])

    /// AI_SMARTLITE: usage_metrics holds per-service usage and cost; pipeline_executions
    /// the time each pipeline run took.
    public static let aiSmartlite = AnalyticsProfile(
        name: "ai_smartlite", summary: "AI_SMARTLITE usage_metrics and pipeline_executions",
        detect: ["usage_metrics", "pipeline_executions"],
        sources: [
            .dau: MetricSource(table: "usage_metrics", time: "date", user: "user_id"),
            .cost: MetricSource(table: "usage_metrics", time: "date", user: "user_id", value: "cost", unit: "USD",
                                dimensions: ["service": "service"], defaultDimension: "service"),
            .latency: MetricSource(table: "pipeline_executions", time: "created_at", user: "user_id", value: "execution_time",
                                   unit: "ms", dimensions: ["pipeline": "pipeline_id", "status": "status"],
                                   defaultDimension: "pipeline"),
        ])

    /// Character Creation: generations record who generated what and how long it took.
    public static let characterCreation = AnalyticsProfile(
        name: "character_creation", summary: "Character Creation generations", detect: ["generations", "characters"],
        sources: [
            .dau: MetricSource(table: "generations", time: "created_at", user: "user_id"),
            .latency: MetricSource(table: "generations", time: "created_at", user: "user_id", value: "duration_ms", unit: "ms",
                                   dimensions: ["status": "status", "style": "style_type"], defaultDimension: "style"),
        ])

    /// StoryboardAI: its user_engagement_metrics view counts project creators per day.
    public static let storyboardAI = AnalyticsProfile(
        name: "storyboardai", summary: "StoryboardAI projects", detect: ["projects", "storyboards"],
        sources: [
            .dau: MetricSource(table: "projects", time: "created_at", user: "user_id"),
        ])
}
