import DBCore
import Foundation

/// `dbops analytics dau`.
public struct ActiveUsersReport: Sendable, Codable {
    public var schema = "dbops.analytics.dau/v1"
    public var source: ReportSource
    public var bucket: Bucket
    /// Whether weekly and monthly active users were worked out (day buckets only).
    public var rolling: Bool
    public var buckets: [ActiveUsersBucket]
    /// Distinct users and rows over the whole range (`--since 24h`: the users active in the
    /// last 24 hours, as the seeds count DAU). Nil for several week or month buckets
    /// counted by the server, which does not say who was in more than one.
    public var range: Range?

    public struct Range: Sendable, Codable, Equatable {
        public var activeUsers: Int
        public var events: Int64

        enum CodingKeys: String, CodingKey {
            case activeUsers = "active_users", events
        }
    }

    /// The last bucket wholly inside the range (yesterday, for a range that ends now).
    public var lastComplete: ActiveUsersBucket? { buckets.last { !$0.partial } }
}
