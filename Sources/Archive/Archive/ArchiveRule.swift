import DBCore
import Foundation

/// Which root rows to archive: rows of `table` whose `timeColumn` is older than
/// `olderThan` seconds and whose `match` columns equal the given values. Their children
/// (found through foreign keys, to any depth) go with them.
public struct ArchiveRule: Sendable, Codable, Equatable {
    public var name: String
    public var schema: String?
    public var table: String
    public var timeColumn: String
    public var olderThan: Double
    public var match: [String: String]
    /// Archive tables are named after their live tables with this suffix.
    public var suffix: String

    public init(
        name: String, schema: String? = nil, table: String, timeColumn: String, olderThan: Double,
        match: [String: String] = [:], suffix: String = "_archive"
    ) {
        self.name = name
        self.schema = schema
        self.table = table
        self.timeColumn = timeColumn
        self.olderThan = olderThan
        self.match = match
        self.suffix = suffix
    }
}
