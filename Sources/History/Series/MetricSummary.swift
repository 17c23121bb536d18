import Foundation

/// A metric the store holds: how many targets, subjects and values, and over what time.
public struct MetricSummary: Codable, Sendable, Equatable {
    public var metric: String
    public var targets: Int
    public var subjects: Int
    public var values: Int
    public var firstAt: Date
    public var lastAt: Date

    enum CodingKeys: String, CodingKey {
        case metric, targets, subjects, values
        case firstAt = "first_at", lastAt = "last_at"
    }
}
