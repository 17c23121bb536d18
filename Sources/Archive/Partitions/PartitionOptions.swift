import DBCore
import Foundation

public struct PartitionOptions: Sendable {
    public var maintenance = MaintenanceOptions()
    public var rules: [PartitionRule] = []
    public var builtIn = true
    public var only: [String] = []
    /// Read-only: report whether enough future partitions exist (monitoring exit codes).
    public var check = false
    /// Override every rule's premake.
    public var premake: Int?
    /// No rule applying is an error (the partitions job was asked for nothing); false: an
    /// empty report (a snapshot reads whatever partitioned tables there are, if any).
    public var requireRules = true
    /// Where partitions past retention are dumped before they are dropped.
    public var retentionDirectory: String?

    public init() {
        // Attaching or reorganizing a partition needs a stronger lock than a batch's row
        // locks, which a busy table frees only between its transactions: wait a little longer.
        maintenance.lockTimeout = 2
    }
}
