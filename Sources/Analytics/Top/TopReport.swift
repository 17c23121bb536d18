/// `dbops analytics top`.
public struct TopReport: Sendable, Codable {
    public var schema = "dbops.analytics.top/v1"
    public var source: ReportSource
    /// The ranked table, its children, and the averaged child column.
    public var parentTable: String
    public var childTable: String
    public var measure: String?
    /// No `--since` given: every child counts, whatever its time (the range in `source`
    /// is then not applied).
    public var allTime: Bool
    /// Parents with at least one child (in the range), and those children.
    public var parents: Int64
    public var children: Int64
    public var entries: [TopEntry]

    enum CodingKeys: String, CodingKey {
        case schema, source, measure, parents, children, entries
        case parentTable = "parent_table", childTable = "child_table", allTime = "all_time"
    }
}
