import DBCore

/// What `dbops partitions` found and did for one table.
public struct PartitionTableReport: Sendable, Codable {
    public struct Partition: Sendable, Codable, Equatable {
        public var name: String
        /// Wall-clock bounds ("2026-01-01 00:00:00"); nil for an open end.
        public var from: String?
        public var to: String?
        public var isDefault: Bool

        enum CodingKeys: String, CodingKey {
            case name, from, to
            case isDefault = "default"
        }
    }

    public var rule: String
    public var table: String
    public var partitioned: Bool
    public var interval: PartitionInterval
    public var premake: Int
    public var partitions: [Partition] = []
    /// Partitions starting after the current period.
    public var future = 0
    /// The current period has a partition of its own.
    public var currentCovered = false
    public var created: [String] = []
    /// The default (PostgreSQL) or MAXVALUE (MySQL) partition and the rows it holds.
    public var catchAll: String?
    public var catchAllRows: Int64?
    /// Statements run (or, with --dry-run, that would run).
    public var statements: [String] = []
    /// What stands in the way (not partitioned, rows in the way, unsupported key...).
    public var problems: [String] = []
    public var status: CheckStatus = .ok
    /// Retention ("2 years"), when the rule has one.
    public var retention: String?
    /// Partitions past retention still in the table (--check and --dry-run list them).
    public var due: [String] = []
    /// Partitions this run dumped and dropped.
    public var retired: [RetiredPartition] = []

    enum CodingKeys: String, CodingKey {
        case rule, table, partitioned, interval, premake, partitions, future, created, statements, problems, status
        case retention, due, retired
        case currentCovered = "current_covered", catchAll = "catch_all", catchAllRows = "catch_all_rows"
    }
}
