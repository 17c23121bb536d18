import DBCore
import Foundation

public struct ActiveUsersBucket: Sendable, Codable, Equatable {
    /// First local day of the bucket (YYYY-MM-DD).
    public var start: String
    /// The range covers only part of this bucket.
    public var partial: Bool
    public var activeUsers: Int
    public var events: Int64
    /// Distinct users over the 7 and 30 days ending with this day; nil where that window
    /// reaches back before the range (or rolling windows were not asked for).
    public var weeklyActiveUsers: Int?
    public var monthlyActiveUsers: Int?

    enum CodingKeys: String, CodingKey {
        case start, partial, events
        case activeUsers = "active_users", weeklyActiveUsers = "weekly_active_users", monthlyActiveUsers =
            "monthly_active_users"
    }
}
