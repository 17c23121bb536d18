import Foundation

/// An analytics figure of one day as the store holds it.
public struct StoredAnalyticsDay: Codable, Sendable, Equatable {
    public var target: String
    public var day: AnalyticsDay
}
