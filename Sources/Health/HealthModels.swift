import DBCore
import Foundation

/// Monitoring-plugin states, ordered by how loudly they must be reported.
public enum CheckStatus: String, Codable, Sendable, CaseIterable {
    case ok, warning, critical, unknown

    /// Which of two states a combined report shows: critical beats warning beats unknown
    /// beats ok, so a missing extension never hides a real warning.
    public var severity: Int {
        switch self {
        case .ok: return 0
        case .unknown: return 1
        case .warning: return 2
        case .critical: return 3
        }
    }

    public static func worst(_ statuses: [CheckStatus]) -> CheckStatus {
        statuses.max(by: { $0.severity < $1.severity }) ?? .ok
    }
}

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

/// The result of one check.
public struct CheckResult: Codable, Sendable {
    public var name: String
    public var status: CheckStatus
    /// One readable line.
    public var summary: String
    public var value: Double?
    public var unit: String?
    public var thresholds: Thresholds?
    /// Rows behind the value (the long queries, the largest tables...).
    public var details: [[String: JSONValue]]
    /// Extra numbers worth graphing (connections per state...), exported to Prometheus.
    public var metrics: [String: Double]

    public init(name: String, status: CheckStatus, summary: String, value: Double? = nil, unit: String? = nil,
                thresholds: Thresholds? = nil, details: [[String: JSONValue]] = [], metrics: [String: Double] = [:]) {
        self.name = name
        self.status = status
        self.summary = summary
        self.value = value
        self.unit = unit
        self.thresholds = thresholds
        self.details = details
        self.metrics = metrics
    }
}

/// One `dbops health` run. Its JSON form is versioned by `schema`.
public struct HealthReport: Codable, Sendable {
    public static let schemaVersion = "dbops.health/v2"

    public var schema: String = HealthReport.schemaVersion
    public var target: String
    public var engine: Engine
    public var server: ServerInfo?
    public var status: CheckStatus
    public var startedAt: Date
    public var durationMilliseconds: Double
    public var checks: [CheckResult]

    public init(target: String, engine: Engine, server: ServerInfo?, startedAt: Date,
                durationMilliseconds: Double, checks: [CheckResult]) {
        self.target = target
        self.engine = engine
        self.server = server
        self.status = CheckStatus.worst(checks.map(\.status))
        self.startedAt = startedAt
        self.durationMilliseconds = durationMilliseconds
        self.checks = checks
    }

    enum CodingKeys: String, CodingKey {
        case schema, target, engine, server, status, checks
        case startedAt = "started_at"
        case durationMilliseconds = "duration_ms"
    }
}

/// What to run and how.
public struct HealthOptions: Sendable {
    /// Checks to run; empty means all that apply to the engine.
    public var checks: [String]
    /// Per-check threshold overrides (merged over the defaults).
    public var thresholds: [String: Thresholds]
    /// Session limits: health must never block or load the server.
    public var session: SessionSettings
    /// How many tables the size check lists.
    public var largestTables: Int

    public init(checks: [String] = [], thresholds: [String: Thresholds] = [:],
                session: SessionSettings = SessionSettings(statementTimeout: 3, lockTimeout: 1, readOnly: true),
                largestTables: Int = 5) {
        self.checks = checks
        self.thresholds = thresholds
        self.session = session
        self.largestTables = largestTables
    }
}
