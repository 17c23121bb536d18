import DBCore
import Foundation

/// What differs between the engines when partitions are read and added.
protocol PartitionEngine {
    /// nil layout with problems when the table cannot be managed.
    func layout(_ rule: PartitionRule) throws -> (PartitionLayout?, [String])
    /// The server's clock in the rule's wall-clock terms.
    func now(_ rule: PartitionRule) throws -> CivilTime
    /// Rows of the catch-all partition in [from, to).
    func catchAllRows(_ layout: PartitionLayout, _ rule: PartitionRule, from: CivilTime, to: CivilTime) throws -> Int64
    /// Rows of the catch-all partition overall (nil when it cannot be counted cheaply).
    func catchAllRows(_ layout: PartitionLayout, _ rule: PartitionRule) throws -> Int64?
    /// What stands in the way when the catch-all partition holds `rows` of a period to be
    /// added, and whether the periods after it must wait too.
    func catchAllInTheWay(_ catchAll: String, rows: Int64, period: (name: String, from: CivilTime, to: CivilTime)) -> (
        problem: String, blocksLater: Bool
    )
    /// The statements that add these periods; run with `create`.
    func statements(
        adding periods: [(name: String, from: CivilTime, to: CivilTime)], to layout: PartitionLayout,
        _ rule: PartitionRule
    ) throws -> [String]
    /// Runs the statements that add periods to the rule's table.
    func create(_ statements: [String], in layout: PartitionLayout, _ rule: PartitionRule) throws

    // Retention. A partition past retention is first set aside: taken out of the table into
    // a standalone table, marked so that a run interrupted before the dump finishes the job.
    // Then it is dumped, verified, and the standalone table dropped.

    /// The statements that set a partition aside (run them with `setAside`).
    func setAsideStatements(_ part: PartitionLayout.Part, of layout: PartitionLayout, _ rule: PartitionRule) throws
        -> [String]
    /// Sets the partition aside; returns the standalone table now holding its rows.
    func setAside(_ part: PartitionLayout.Part, of layout: PartitionLayout, _ rule: PartitionRule) throws -> String
    /// Standalone tables an interrupted run set aside for this rule, with the partition each
    /// one was.
    func setAsideTables(_ layout: PartitionLayout, _ rule: PartitionRule) throws -> [(table: String, partition: String)]
    /// Drops a standalone table once its rows are safe in a verified file.
    func dropSetAside(_ table: String, of layout: PartitionLayout) throws
}

extension DatabaseConnection {
    /// The partition engine working through this connection.
    func partitionEngine(_ options: MaintenanceOptions) -> PartitionEngine {
        (Self.partitionEngines[engine] ?? Self.partitionEngines[.postgres]!)(self, options)
    }

    private static var partitionEngines: [Engine: (DatabaseConnection, MaintenanceOptions) -> PartitionEngine] {
        [
            .postgres: { connection, _ in PostgresPartitionEngine(connection) },
            .mysql: { connection, options in MySQLPartitionEngine(connection, lockTimeout: options.lockTimeout) },
        ]
    }
}
