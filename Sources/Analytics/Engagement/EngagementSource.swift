/// Engagement with a parent table and its children: per day, the distinct users who created
/// parents, how many parents, and the children each has on average (StoryboardAI: projects
/// and their storyboards, the document's user_engagement_metrics view). Every name is an
/// identifier, quoted when placed in SQL.
public struct EngagementSource: Sendable, Codable, Equatable {
    public var table: String
    public var time: String
    public var user: String
    /// The parent's key the children point at.
    public var key: String
    public var childTable: String
    /// The children's column holding the parent's key.
    public var childKey: String
    /// A view giving the same figures (date, daily_active_users, projects_created,
    /// avg_storyboards_per_project), compared with the report's when present.
    public var view: String?

    public init(
        table: String, time: String, user: String, key: String, childTable: String, childKey: String,
        view: String? = nil
    ) {
        self.table = table
        self.time = time
        self.user = user
        self.key = key
        self.childTable = childTable
        self.childKey = childKey
        self.view = view
    }

    var metricSource: MetricSource { MetricSource(table: table, time: time, user: user) }
}
