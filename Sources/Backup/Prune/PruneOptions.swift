import DBCore
import Foundation

public struct PruneOptions: Sendable {
    public var directory: String
    /// Keep this many newest complete backups.
    public var keep: Int?
    /// Remove complete backups older than this many seconds.
    public var olderThan: Double?
    /// Keep the newest of each of the last days, weeks and months that have a backup.
    public var schedule = RetentionSchedule()
    /// Databases (names or globs) whose every backup goes, the newest too: the one way the
    /// last backup of a database is removed is to name it.
    public var removeDatabases: [String] = []
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
