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
    /// Printed after values: "USD", "ms".
    public var unit: String?
    /// Dimension name -> column ("function" -> "function_name").
    public var dimensions: [String: String]
    public var defaultDimension: String?

    public init(
        schema: String? = nil, table: String, time: String, user: String? = nil, value: String? = nil,
        unit: String? = nil, dimensions: [String: String] = [:], defaultDimension: String? = nil
    ) {
        self.schema = schema
        self.table = table
        self.time = time
        self.user = user
        self.value = value
        self.unit = unit
        self.dimensions = dimensions
        self.defaultDimension = defaultDimension
    }

    /// Dimensions including `user` when the source names a user column.
    public var allDimensions: [String: String] {
        var out = dimensions
        if let user, out["user"] == nil { out["user"] = user }
        return out
    }

    public var tableLabel: String { [schema, table].compactMap { $0 }.joined(separator: ".") }
}
