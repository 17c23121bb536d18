import DBCore
import Foundation

public struct PruneReport: Codable, Sendable {
    public struct Entry: Codable, Sendable {
        public var path: String
        public var createdAt: Date
        public var complete: Bool
        public var bytes: Int64
        /// Complete backups: the database (engine, server and name) it is a backup of.
        public var database: String?
        /// Complete backups: when it finished, to the fraction of a second.
        public var completedAt: Date?
        /// Due for removal, but a running backup, restore, verify or drill holds it.
        public var inUse: Bool?
        /// Its manifest does not match manifest.sha256 or cannot be read: kept, not counted.
        public var damaged: Bool?
        var group: String?
        var name: String?

        enum CodingKeys: String, CodingKey {
            case path, complete, bytes, database, damaged
            case inUse = "in_use"
            case createdAt = "created_at"
            case completedAt = "completed_at"
        }
    }

    public static let schemaVersion = "dbops.backup-prune/v1"
    public var schema = PruneReport.schemaVersion
    public var dryRun: Bool
    public var kept: [Entry]
    public var removed: [Entry]
    /// What a reader should know: a backup dated ahead of the clock or damaged, kept.
    public var warnings: [String] = []

    enum CodingKeys: String, CodingKey {
        case schema, kept, removed, warnings
        case dryRun = "dry_run"
    }
}
