import DBCore
import Foundation

/// What `restore --table` reloads: the backup's tables its patterns name, and the
/// PostgreSQL partitioned tables they name (no rows of their own; one the target lacks is
/// created, with its partitions). A partitioned table named names every partition below
/// it. A pattern that names nothing of the backup is refused, as `pg_restore -t` of a
/// table the archive lacks would otherwise restore less than asked with exit 0.
struct RestoreSelection {
    var tables: [TableEntry]
    var partitioned: [PartitionedTable]

    /// Every table: a data-only backup restored whole goes table by table. Its partitioned
    /// tables hold no rows to load, and it has no schema to create one from.
    init(all manifest: BackupManifest) {
        tables = manifest.tables
        partitioned = []
    }

    init(_ manifest: BackupManifest, patterns: [String]) throws {
        let filter = TableFilter(include: patterns, exclude: [])
        let named = { (relation: RelationName, above: [RelationName]) in
            ([relation] + above).contains { filter.accepts(schema: $0.schema, name: $0.name) }
        }
        tables = manifest.tables.filter { named(RelationName(schema: $0.schema, name: $0.name), $0.ancestors) }
        partitioned = (manifest.partitionedTables ?? []).filter { named($0.relation, $0.partitionAncestors) }
        let known =
            manifest.tables.flatMap { [RelationName(schema: $0.schema, name: $0.name)] + $0.ancestors }
            + (manifest.partitionedTables ?? []).map(\.relation)
        try filter.requireMatches(known, in: "the backup")
    }
}
