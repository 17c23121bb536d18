import DBCore
import Foundation

/// What a whole-server restore did: the globals it applied and each database's outcome.
public struct ServerRestoreReport: Codable, Sendable {
    public static let schemaVersion = "dbops.server-restore/v1"
    public var schema = ServerRestoreReport.schemaVersion
    /// The globals backup applied, if any.
    public var globals: String?
    public var roles: Int
    public var databases: [Entry]
    public var warnings: [String]

    public struct Entry: Codable, Sendable {
        public var name: String
        public var backup: String
        /// The target lacked the database and the restore created it.
        public var created = false
        /// "restored", "failed", or "not started" (interrupted).
        public var state: String
        public var error: String?
        public var tables = 0
        public var rows: Int64 = 0
        public var seconds = 0.0
    }

    public var failed: Bool { databases.contains { $0.state != "restored" } }
}
