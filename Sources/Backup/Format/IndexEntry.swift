import DBCore
import Foundation

/// One index or key constraint of a table and the statement that builds it.
public struct IndexEntry: Codable, Sendable, Equatable {
    public var name: String
    /// Set for primary key, unique and exclusion constraints.
    public var constraint: String?
    public var sql: String
}
