import DBCore
import Foundation

/// Warning and critical limits for one check's value. `above`: bad when the value is at or
/// over a limit (latency, lag); `below`: bad when at or under (cache hit ratio).
public struct Thresholds: Codable, Sendable, Equatable {
    public enum Direction: String, Codable, Sendable { case above, below }

    public var warning: Double?
    public var critical: Double?
    public var direction: Direction

    public init(warning: Double? = nil, critical: Double? = nil, direction: Direction = .above) {
        self.warning = warning
        self.critical = critical
        self.direction = direction
    }

    public func evaluate(_ value: Double?) -> CheckStatus {
        guard let value else { return .ok }
        func crosses(_ limit: Double?) -> Bool {
            guard let limit else { return false }
            return direction == .above ? value >= limit : value <= limit
        }
        if crosses(critical) { return .critical }
        if crosses(warning) { return .warning }
        return .ok
    }

    /// "w>=80 c>=95" for text output.
    public var shortDescription: String {
        let op = direction == .above ? ">=" : "<="
        var parts: [String] = []
        if let warning { parts.append("w\(op)\(format(warning))") }
        if let critical { parts.append("c\(op)\(format(critical))") }
        return parts.joined(separator: " ")
    }

    private func format(_ v: Double) -> String {
        v == v.rounded() && abs(v) < 1e15 ? String(Int64(v)) : String(v)
    }
}
