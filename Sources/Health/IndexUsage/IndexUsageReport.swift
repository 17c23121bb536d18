import DBCore
import Foundation

public struct IndexUsageReport: Codable, Sendable {
    public static let schemaVersion = "dbops.index-usage/v2"
    public var schema = IndexUsageReport.schemaVersion
    public var target: String
    public var engine: Engine
    public var server: ServerInfo?
    /// Servers whose usage counters were added up (--across).
    public var servers: [String]
    /// How long the usage counters have been counting, in seconds (shortest over servers).
    public var statsAgeSeconds: Double?
    public var findings: [IndexFinding]
    /// What could not be determined, and why.
    public var undetermined: [String]
    public var thresholds: [String: Thresholds]
    public var status: CheckStatus

    enum CodingKeys: String, CodingKey {
        case schema, target, engine, server, servers, findings, undetermined, thresholds, status
        case statsAgeSeconds = "stats_age_seconds"
    }
}
