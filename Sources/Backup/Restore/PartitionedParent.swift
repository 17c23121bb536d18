import DBCore
import Foundation

/// A partitioned table that a `restore --table` target lacks along with its partitions
/// (`DROP TABLE events` takes every partition with it): it holds no rows, so it is no
/// table of the manifest, and is created from the backup's schema with all of them.
struct PartitionedParent {
    let schema: String
    let name: String
    /// Its own partitioned parent, when it is a partition too and the backup recorded it.
    let parent: RelationName?
    /// Whether that parent is created too (else the target has it, and this one is
    /// attached to it last, as a missing partition of an existing parent is).
    let parentCreated: Bool
    /// The manifest's tables below it, at every level: every one of them chosen and missing.
    let partitions: [TableEntry]
    /// Its columns' names (its column entries are looked up by them): as the backup
    /// recorded them, else its partitions'.
    let columns: [String]
    /// Its indexes' entries in the schema listing (line, index name), found by rendering.
    var indexes: [(line: Int, name: String)] = []

    var qualifiedName: String { "\(schema).\(name)" }
    var relation: RelationName { RelationName(schema: schema, name: name) }

    /// The partitioned tables above the missing tables that the target lacks too, at every
    /// level the backup recorded, and the chosen partitioned tables the target lacks
    /// (`partitioned`: those with no partition holding rows are known only thus). One is
    /// created only with all the partitions below it that the backup holds, each chosen
    /// and missing: one left out, or still in the target (detached before the drop), is
    /// refused by name.
    static func missing(
        from missing: [TableEntry], partitioned: [PartitionedTable] = [], manifest: BackupManifest,
        admin: PostgresConnection
    ) throws -> [PartitionedParent] {
        let exists = { (relation: RelationName) in
            try TableDefinitionScript.exists(relation.schema, relation.name, admin)
        }
        var above: [RelationName: RelationName?] = [:]
        var present = Set<RelationName>()
        // Each chain from the relation the target lacks up to its root. The recorded
        // partitioned tables' first: their chains are whole, where an older backup's
        // partition names its parent only.
        let chains =
            partitioned.map { (chain: [$0.relation] + $0.partitionAncestors, lacking: 1) }
            + (try missing.map { table in
                if table.ancestors.isEmpty, let partitionOf = table.partitionOf,
                    try admin.scalar(.restoreTableExists, [.text(partitionOf)]) == nil
                {
                    throw DBError(
                        .undefinedObject,
                        "table \(table.qualifiedName) is a partition of \(partitionOf), which the target lacks too and whose name the backup does not spell plainly: restore the whole backup into an empty database"
                    )
                }
                return (chain: table.ancestors, lacking: 0)
            })
        for (chain, lacking) in chains {
            for (i, ancestor) in chain.enumerated() {
                guard above[ancestor] == nil, !present.contains(ancestor) else { break }
                guard try i < lacking || !exists(ancestor) else {
                    present.insert(ancestor)
                    break
                }
                above[ancestor] = i + 1 < chain.count ? chain[i + 1] : nil
            }
        }
        let chosen = Set(missing.map(\.qualifiedName) + partitioned.map(\.relation.qualifiedName))
        let recorded = manifest.partitionedTables ?? []
        return try above.keys.sorted { $0.qualifiedName < $1.qualifiedName }.map { relation in
            let partitions = manifest.tables.filter { $0.ancestors.contains(relation) }
            let below =
                partitions.map { RelationName(schema: $0.schema, name: $0.name) }
                + recorded.filter { $0.partitionAncestors.contains(relation) }.map(\.relation)
            if let left = below.first(where: { !chosen.contains($0.qualifiedName) }) {
                let standing = try exists(left)
                throw DBError(
                    .undefinedObject,
                    "the target lacks partitioned table \(relation.qualifiedName), and \(left.qualifiedName), a partition of it, "
                        + (standing
                            ? "exists in the target as a table of its own: drop or rename it first, or restore the whole backup into an empty database"
                            : "is not chosen: restore --table \(relation.qualifiedName) to create it with all its partitions")
                )
            }
            let parent = above[relation] ?? nil
            return PartitionedParent(
                schema: relation.schema, name: relation.name, parent: parent,
                parentCreated: parent.map { above[$0] != nil } ?? false, partitions: partitions,
                columns: recorded.first { $0.relation == relation }?.columns
                    ?? partitions.first?.columns.map(\.name) ?? [])
        }
    }
}
