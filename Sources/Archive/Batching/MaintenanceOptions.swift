import DBCore
import Foundation

/// How a maintenance job paces itself on a live database. Every batch is its own short
/// transaction; between batches the job pauses, checks its time budget, and waits while
/// replicas lag.
public struct MaintenanceOptions: Sendable {
    /// Rows per batch (the most; the batch shrinks when batches run long).
    public var batchSize = 1000
    /// Aim for batch transactions no longer than this (seconds): a batch that takes longer
    /// halves the next one, one much shorter lets it grow back. This bounds how long any
    /// row lock dbops holds can keep an application write waiting.
    public var targetBatchSeconds = 0.2
    /// Pause between batches (seconds).
    public var pause = 0.05
    /// Stop (cleanly, between batches) after this long (seconds).
    public var maxRuntime: Double?
    /// Wait while a replica is this many seconds behind (nil: no throttling).
    public var maxLag: Double?
    /// Replicas to watch besides those the primary reports (PostgreSQL) — MySQL primaries
    /// do not report their replicas' lag, so there they must be named.
    public var replicas: [ConnectionConfig] = []
    /// Galera: wait while the cluster spends more than this share of the time (0...1)
    /// paused by flow control (nil: no throttling on it).
    public var maxFlowControl: Double?
    /// How long one statement may wait for a lock before the batch is given up and
    /// retried later: dbops must never queue in front of the application for long.
    public var lockTimeout = 0.5
    public var statementTimeout = 30.0
    /// Batches given up on locks in a row before the job fails (with backoff: about a
    /// minute of an application holding what every batch needs).
    public var maxLockRetries = 30
    /// Items (archive roots) stepped over in a row, with no batch done between them, after
    /// which stepping over stops and the lock retries above decide: so many held one after
    /// another is a table held whole (LOCK TABLES, a migration), which would otherwise be
    /// crawled through root by root, at several lock timeouts each.
    public var maxSteppedOverInARow = 8
    public var dryRun = false
    public var now = Date()

    public init() {}

    var session: SessionSettings {
        SessionSettings(statementTimeout: statementTimeout, lockTimeout: lockTimeout, allRows: true)
    }
}
