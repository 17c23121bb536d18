import Foundation

/// A target's check states in one snapshot: check name -> 0 OK, 1 WARNING, 2 CRITICAL,
/// 3 UNKNOWN.
public struct TargetState: Codable, Sendable, Equatable {
    public var target: String
    public var engine: String
    public var takenAt: Date
    public var checks: [String: Int]

    /// The worst state (CRITICAL over WARNING over UNKNOWN over OK, as health ranks them).
    public var worst: Int {
        let rank = [0: 0, 3: 1, 1: 2, 2: 3]
        return checks.values.max { (rank[$0] ?? 0) < (rank[$1] ?? 0) } ?? 0
    }

    enum CodingKeys: String, CodingKey {
        case target, engine, checks
        case takenAt = "taken_at"
    }
}
