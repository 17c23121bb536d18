import DBCore
import Foundation

/// What a report's numbers cover.
public struct ReportWindow: Codable, Sendable {
    /// "cumulative": since the statistics began; "delta": since the previous snapshot.
    public var mode: String
    public var since: Date?
    public var until: Date
    public var note: String?
}
