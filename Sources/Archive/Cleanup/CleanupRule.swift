import DBCore

/// One kind of expired row: rows of `table` whose `column` lies more than `grace` seconds
/// in the past.
public struct CleanupRule: Sendable, Codable, Equatable {
    public var name: String
    public var schema: String?
    public var table: String
    /// When the row expires (timestamptz / timestamp / TIMESTAMP / DATETIME).
    public var column: String
    /// Keep rows this many seconds past their expiry.
    public var grace: Double
    /// Which clock a column without a time zone (PostgreSQL `timestamp`, MySQL `DATETIME`)
    /// is compared with. Columns with one (timestamptz, TIMESTAMP) are instants either way.
    public var clock: ExpiryClock

    public init(
        name: String, schema: String? = nil, table: String, column: String, grace: Double = 0,
        clock: ExpiryClock = .server
    ) {
        self.name = name
        self.schema = schema
        self.table = table
        self.column = column
        self.grace = grace
        self.clock = clock
    }

    var tableLabel: String { [schema, table].compactMap { $0 }.joined(separator: ".") }
}
