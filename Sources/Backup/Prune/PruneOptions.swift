import DBCore
import Foundation

public struct PruneOptions: Sendable {
    public var directory: String
    /// Keep this many newest complete backups.
    public var keep: Int?
    /// Remove complete backups older than this many seconds.
    public var olderThan: Double?
    /// Incomplete backups (no manifest) older than this are leftovers of crashed runs.
    public var incompleteOlderThan: Double
    public var dryRun: Bool

    public init(
        directory: String, keep: Int? = nil, olderThan: Double? = nil, incompleteOlderThan: Double = 86_400,
        dryRun: Bool = false
    ) {
        self.directory = directory
        self.keep = keep
        self.olderThan = olderThan
        self.incompleteOlderThan = incompleteOlderThan
        self.dryRun = dryRun
    }
}
