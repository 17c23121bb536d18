import DBCore
import Foundation

/// What every analytics report says about where its numbers come from.
public struct ReportSource: Sendable, Codable {
    public var target: String
    public var server: String
    public var profile: String
    public var table: String
    public var timeColumn: String
    public var valueColumn: String?
    public var unit: String?
    /// The range, as instants (ISO 8601, UTC) and as the local dates it spans.
    public var from: Date
    public var to: Date
    public var firstDay: String
    public var lastDay: String
    public var timeZone: String
    public var notes: [String]

    enum CodingKeys: String, CodingKey {
        case target, server, profile, table, unit, from, to, notes
        case timeColumn = "time_column", valueColumn = "value_column", firstDay = "first_day", lastDay = "last_day"
        case timeZone = "time_zone"
    }
}
