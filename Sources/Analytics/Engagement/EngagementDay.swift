import Foundation

/// One day of the engagement report, and what the application's own view says for it.
public struct EngagementDay: Sendable, Codable, Equatable {
    public var day: String
    public var partial: Bool
    public var activeUsers: Int64
    public var created: Int64
    public var children: Int64
    /// children / created, exact to 6 places (nil without parents that day).
    public var averageChildren: ExactDecimal?
    /// The view's figures for the day (nil where it has none, or was not read).
    public var view: ViewFigures?

    public struct ViewFigures: Sendable, Codable, Equatable {
        public var activeUsers: Int64
        public var created: Int64
        public var averageChildren: ExactDecimal?

        enum CodingKeys: String, CodingKey {
            case activeUsers = "active_users", created, averageChildren = "average_children"
        }
    }

    enum CodingKeys: String, CodingKey {
        case day, partial, created, children, view
        case activeUsers = "active_users", averageChildren = "average_children"
    }
}
