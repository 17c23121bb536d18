import DBCore
import Foundation

public struct RestoreSummary: Codable, Sendable {
    public static let schemaVersion = "dbops.restore-summary/v1"
    public var schema = RestoreSummary.schemaVersion
    public var backup: String
    public var database: String
    public var engine: Engine
    public var tables: Int
    public var rows: Int64
    public var uncompressedBytes: Int64
    public var seconds: Double
    public var warnings: [String]
    public var phases: [PhaseDuration] = []
    /// --create made the database.
    public var created = false

    enum CodingKeys: String, CodingKey {
        case schema, backup, database, engine, tables, rows, seconds, warnings, phases, created
        case uncompressedBytes = "uncompressed_bytes"
    }
}
