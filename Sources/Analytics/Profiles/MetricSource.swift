/// Where one report reads: a table, its time column, and the columns the report needs.
/// Every name here is an identifier, quoted when placed in SQL; none is ever SQL text.
public struct MetricSource: Sendable, Codable, Equatable {
    public var schema: String?
    public var table: String
    /// When the row happened (timestamptz, timestamp, date; TIMESTAMP, DATETIME, DATE).
    public var time: String
    /// Who did it (DAU; also the `user` dimension).
    public var user: String?
    /// The cost or the duration.
    public var value: String?
    /// Cost only: a column holding how many requests a row stands for (AI_SMARTLITE's
    /// usage_metrics.request_count); summed as the report's requests. Without it a row is
    /// one request.
    public var count: String?
    /// Printed after values: "USD", "ms".
    public var unit: String?
    /// Dimension name -> column ("function" -> "function_name").
    public var dimensions: [String: String]
    public var defaultDimension: String?
    /// More tables whose rows make a user active (DAU only: their schema, table, time and
    /// user); a user active in several counts once.
    public var also: [MetricSource]

    public init(
        schema: String? = nil, table: String, time: String, user: String? = nil, value: String? = nil,
        unit: String? = nil, dimensions: [String: String] = [:], defaultDimension: String? = nil,
        also: [MetricSource] = [], count: String? = nil
    ) {
        self.schema = schema
        self.table = table
        self.time = time
        self.user = user
        self.value = value
        self.unit = unit
        self.dimensions = dimensions
        self.defaultDimension = defaultDimension
        self.also = also
        self.count = count
    }

    /// Dimensions including `user` when the source names a user column.
    public var allDimensions: [String: String] {
        var out = dimensions
        if let user, out["user"] == nil { out["user"] = user }
        return out
    }

    public var tableLabel: String { [schema, table].compactMap { $0 }.joined(separator: ".") }

    /// This table and those in `also`.
    public var allTables: [MetricSource] { [self] + also }
}
