import DBCore
import Foundation

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
    /// The server stopped answering: the connection failed or was lost during the run
    /// (not in the JSON, whose connection check says it).
    public var unanswered = false

    public init(
        target: String, engine: Engine, server: ServerInfo?, startedAt: Date,
        durationMilliseconds: Double, checks: [CheckResult]
    ) {
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
