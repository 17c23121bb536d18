/// Which tables one application's reports read.
public struct AnalyticsProfile: Sendable, Codable, Equatable {
    public var name: String
    public var summary: String
    /// Tables that must all exist for the profile to be picked automatically.
    public var detect: [String]
    public var sources: [Metric: MetricSource]
    /// A work queue the application keeps (`dbops analytics queue`, health's queue checks).
    public var queue: QueueSource?
    /// Parents and their children per day (`dbops analytics engagement`).
    public var engagement: EngagementSource?
    /// Parents ranked by their children (`dbops analytics top`).
    public var top: TopSource?

    public init(
        name: String, summary: String, detect: [String], sources: [Metric: MetricSource], queue: QueueSource? = nil,
        engagement: EngagementSource? = nil, top: TopSource? = nil
    ) {
        self.name = name
        self.summary = summary
        self.detect = detect
        self.sources = sources
        self.queue = queue
        self.engagement = engagement
        self.top = top
    }

    public func source(for metric: Metric) throws -> MetricSource {
        guard let source = sources[metric] else {
            let has = Metric.allCases.filter { sources[$0] != nil }.map(\.rawValue).joined(separator: ", ")
            throw AnalyticsError.usage(
                "profile \(name) has no \(metric.valueRole) source for `analytics \(metric.rawValue)` (it has: \(has.isEmpty ? "none" : has))"
            )
        }
        return source
    }
}
