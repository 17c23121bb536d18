import DBCore

/// One range-partitioned table to keep ahead of time.
public struct PartitionRule: Sendable, Codable, Equatable {
    public var name: String
    public var schema: String?
    public var table: String
    /// The time column the table is (or should be) partitioned on, for advice when it is not.
    public var column: String?
    public var interval: PartitionInterval
    /// Partitions to have ready after the current one.
    public var premake: Int
    /// Zone whose midnights bound the periods of a timestamptz key (default: the server's
    /// TimeZone setting). Keys without a zone are wall-clock time already.
    public var timeZone: String?
    /// Partitions wholly older than this are dumped and dropped (nil: kept for ever).
    public var retention: PartitionRetention?

    public init(
        name: String, schema: String? = nil, table: String, column: String? = nil,
        interval: PartitionInterval = .yearly,
        premake: Int = 2, timeZone: String? = nil, retention: PartitionRetention? = nil
    ) {
        self.name = name
        self.schema = schema
        self.table = table
        self.column = column
        self.interval = interval
        self.premake = premake
        self.timeZone = timeZone
        self.retention = retention
    }
}
