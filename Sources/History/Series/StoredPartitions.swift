import Foundation

/// One partitioned table as a target's latest snapshot found it (`partitions --check`'s
/// figures): how many partitions lie ahead of the current period against the rule's
/// premake, whether the current period has its own, and how many are past retention.
public struct StoredPartitions: Codable, Sendable, Equatable {
    public var target: String
    public var table: String
    public var takenAt: Date
    public var future: Int
    public var premake: Int
    public var currentCovered: Bool
    public var due: Int
    /// ok, warning (fewer than premake ahead, or partitions due) or critical (none ahead,
    /// or the current period uncovered): as `partitions --check` judges.
    public var state: String

    enum CodingKeys: String, CodingKey {
        case target, table, future, premake, due, state
        case takenAt = "taken_at", currentCovered = "current_covered"
    }

    /// The tables from the store's rows (target, table, metric, value, snapshot time),
    /// grouped as the store orders them.
    static func assemble(_ rows: [(String, String, String, Double, Date)]) -> [StoredPartitions] {
        var values: [String: [String: Double]] = [:]
        var order: [(String, String, Date)] = []
        for (target, table, metric, value, takenAt) in rows {
            let key = "\(target)\u{1}\(table)"
            if values[key] == nil { order.append((target, table, takenAt)) }
            values[key, default: [:]][metric] = value
        }
        let names = ["ok", "warning", "critical"]
        return order.map { target, table, takenAt in
            let figures = values["\(target)\u{1}\(table)"] ?? [:]
            let state = Int(figures["partitions.state"] ?? 3)
            return StoredPartitions(
                target: target, table: table, takenAt: takenAt, future: Int(figures["partitions.future"] ?? 0),
                premake: Int(figures["partitions.premake"] ?? 0),
                currentCovered: (figures["partitions.current_covered"] ?? 0) > 0,
                due: Int(figures["partitions.due"] ?? 0),
                state: names.indices.contains(state) ? names[state] : "unknown")
        }
    }
}
