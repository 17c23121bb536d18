import DBCore
import Foundation

public struct IndexUsageOptions: Sendable {
    /// An index with at most this many scans counts as unused (pghero's max_scans; 0: never scanned).
    public var maxScans: Int64 = 0
    /// More servers (replicas) whose scans count too.
    public var across: [ConnectionConfig] = []
    /// Limits on the number of findings of a kind ("invalid", "unused", "duplicate", ...).
    public var thresholds: [String: Thresholds] = ["invalid": Thresholds(warning: 1)]
    public var session = SessionSettings(statementTimeout: 10, lockTimeout: 1, readOnly: true, catalogOnly: true)

    public init() {}
}
