import Foundation

/// One piece of index advice as a snapshot stored it.
public struct StoredFinding: Codable, Sendable, Equatable {
    public var target: String
    public var takenAt: Date
    public var kind: String
    public var subject: String
    public var detail: String
    public var bytes: Int64?
    public var statement: String

    enum CodingKeys: String, CodingKey {
        case target, kind, subject, detail, bytes, statement
        case takenAt = "taken_at"
    }
}
