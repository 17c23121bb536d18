import DBCore
import Foundation

/// One index or key constraint of a table and the statement that builds it.
public struct IndexEntry: Codable, Sendable, Equatable {
    public var name: String
    /// Set for primary key, unique and exclusion constraints.
    public var constraint: String?
    public var sql: String
    /// The tablespace it lives in, when not the database's default (restore builds it
    /// there unless --no-tablespaces). Absent in backups made before dbops recorded it.
    public var tablespace: String?
    /// What pg_dump writes with the index, run after it (CLUSTER ON, REPLICA IDENTITY USING
    /// INDEX, SET STATISTICS). Always recorded, if empty: nil marks a backup made before
    /// dbops read them, whose tables' indexes restore leaves to pg_restore.
    public var extras: [String]?
}
