import Foundation

/// PostgreSQL: a partitioned table of the backup. It holds no rows of its own, so it is no
/// table of the manifest; one with no partition holding rows (none made yet, or only
/// partitioned ones) would otherwise be known to a restore only by its schema entry, and
/// `restore --table` could neither name it nor create it under a parent it creates.
public struct PartitionedTable: Codable, Sendable {
    public var schema: String
    public var name: String
    /// Its own partitioned ancestors, its parent first (none for a root).
    public var partitionAncestors: [RelationName]
    /// Its columns' names: its comments' and defaults' entries are looked up by them.
    public var columns: [String]

    public var relation: RelationName { RelationName(schema: schema, name: name) }

    enum CodingKeys: String, CodingKey {
        case schema, name, columns
        case partitionAncestors = "partition_ancestors"
    }
}
