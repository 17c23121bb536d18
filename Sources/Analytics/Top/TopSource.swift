/// Parents ranked by how many children they have, and a child measure on average
/// (InfiniteStories' "popular content": heroes by their stories, with the stories' average
/// plays). Every name is an identifier, quoted when placed in SQL.
public struct TopSource: Sendable, Codable, Equatable {
    public var schema: String?
    /// The ranked table and its key; `label` names each row in the report.
    public var table: String
    public var key: String
    public var label: String
    public var childTable: String
    /// The children's column holding the parent's key.
    public var childKey: String
    /// When a child was made: `--since`/`--until` count only the children of the range.
    public var childTime: String
    /// A number on the children averaged per parent (NULLs left out, as AVG does).
    public var measure: String?

    public init(
        schema: String? = nil, table: String, key: String, label: String, childTable: String, childKey: String,
        childTime: String, measure: String? = nil
    ) {
        self.schema = schema
        self.table = table
        self.key = key
        self.label = label
        self.childTable = childTable
        self.childKey = childKey
        self.childTime = childTime
        self.measure = measure
    }

    /// The children's table and time: the report's range is theirs.
    var metricSource: MetricSource { MetricSource(schema: schema, table: childTable, time: childTime) }
}
