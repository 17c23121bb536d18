import DBCore

public struct PartitionReport: Sendable, Codable {
    public var schema = "dbops.partitions/v1"
    public var target: String
    public var database: String
    /// premake, check or dry_run.
    public var mode: String
    /// ok, warning or critical: fewer future partitions than asked for, or none.
    public var status: CheckStatus
    public var tables: [PartitionTableReport]
    public var seconds: Double
}
