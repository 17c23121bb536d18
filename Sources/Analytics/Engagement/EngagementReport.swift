import Foundation

/// `dbops analytics engagement`.
public struct EngagementReport: Sendable, Codable {
    public var schema = "dbops.analytics.engagement/v1"
    public var source: ReportSource
    /// The view compared with, if any.
    public var view: String?
    public var days: [EngagementDay]
    /// Days where the view's figures are not the report's (the average compared at the
    /// view's own precision), in words.
    public var disagreements: [String]
}
