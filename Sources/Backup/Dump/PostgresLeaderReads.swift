import DBCore
import Foundation

/// What a PostgreSQL backup reads on the snapshot leader's session only for its manifest
/// (the tables' index definitions, the sequences' positions, the populated materialized
/// views): read while the workers copy, off the copy's path. The leader holds the snapshot
/// and the tables' locks, and sends nothing else meanwhile.
struct PostgresLeaderReads {
    /// The tables copied, with their indexes.
    let plans: [TablePlan]
    let sequences: [SequenceValue]
    let populatedViews: [String]

    init(_ connection: PostgresConnection, plans: [TablePlan], options: BackupOptions, filter: TableFilter) throws {
        var plans = plans
        try PostgresCatalog.attachIndexes(&plans, connection)
        self.plans = plans
        sequences =
            options.schemaOnly
            ? [] : try PostgresCatalog.sequences(connection, filter: filter, filtered: !options.include.isEmpty)
        populatedViews =
            options.schemaOnly || options.dataOnly
            ? [] : try connection.named(.backupPopulatedMatviews).rows.compactMap { $0["name"] }
    }

    /// The copied tables' entries (in the plans' order) with their indexes.
    func indexed(_ tables: [TableEntry]) -> [TableEntry] {
        zip(tables, plans).map { table, plan in
            var table = table
            table.indexes = plan.indexes
            return table
        }
    }
}
