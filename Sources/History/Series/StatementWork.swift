import Foundation

/// One statement's work between a snapshot and the one before it, with its text.
public struct StatementWork: Codable, Sendable, Equatable {
    public var target: String
    public var takenAt: Date
    public var queryID: String
    public var calls: Int64
    public var totalMs: Double
    public var rows: Int64
    public var query: String?

    enum CodingKeys: String, CodingKey {
        case target, calls, rows, query
        case takenAt = "taken_at", queryID = "query_id", totalMs = "total_ms"
    }
}
