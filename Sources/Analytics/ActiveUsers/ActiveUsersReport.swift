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

    /// The last bucket wholly inside the range (yesterday, for a range that ends now).
    public var lastComplete: ActiveUsersBucket? { buckets.last { !$0.partial } }
}
