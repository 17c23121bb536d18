import Foundation

/// A target in the fleet overview: its state in its latest snapshot, the checks that are
/// not OK, and the checks whose state changed since the previous report (or the period's
/// start).
public struct TargetOverview: Codable, Sendable, Equatable {
    public struct Change: Codable, Sendable, Equatable {
        public var check: String
        public var from: String
        public var to: String

        public init(check: String, from: String, to: String) {
            self.check = check
            self.from = from
            self.to = to
        }
    }

    public var target: String
    public var engine: String
    public var state: String
    public var lastSnapshotAt: Date
    public var notOK: [String: String]
    public var changes: [Change]

    enum CodingKeys: String, CodingKey {
        case target, engine, state, changes
        case lastSnapshotAt = "last_snapshot_at", notOK = "not_ok"
    }

    static let names = [0: "OK", 1: "WARNING", 2: "CRITICAL", 3: "UNKNOWN"]
    static func name(_ state: Int?) -> String { state.flatMap { names[$0] } ?? "none" }
}
