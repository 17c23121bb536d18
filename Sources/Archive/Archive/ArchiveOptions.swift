import DBCore
import Foundation

public struct ArchiveOptions: Sendable {
    public var maintenance = MaintenanceOptions()
    public var rules: [ArchiveRule] = []
    public var builtIn = true
    public var only: [String] = []
    /// Override every rule's age.
    public var olderThan: Double?
    /// Write archived rows to archive files in this directory instead of keeping them in
    /// the archive tables (restore: read them back from there).
    public var files: String?
    public var zstdLevel = 3

    public init() {
        // An archive batch moves whole trees of rows: far fewer roots than a cleanup batch.
        maintenance.batchSize = 100
    }
}
