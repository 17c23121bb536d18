import Foundation

/// A table's size over the period, its growth by least squares, and the days until it
/// reaches the report's capacity at that rate (nil: not growing, or no capacity given).
public struct TableGrowth: Codable, Sendable, Equatable {
    public var target: String
    public var table: String
    public var bytes: Double
    public var bytesPerDay: Double
    public var daysUntilCapacity: Double?
    public var points: [SeriesPoint]

    enum CodingKeys: String, CodingKey {
        case target, table, bytes, points
        case bytesPerDay = "bytes_per_day", daysUntilCapacity = "days_until_capacity"
    }
}
