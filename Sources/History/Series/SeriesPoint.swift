import Foundation

/// One stored value of a series, as `dbops history` prints it.
public struct SeriesPoint: Codable, Sendable, Equatable {
    public var target: String
    public var subject: String
    public var takenAt: Date
    public var value: Double

    enum CodingKeys: String, CodingKey {
        case target, subject, value
        case takenAt = "taken_at"
    }
}
