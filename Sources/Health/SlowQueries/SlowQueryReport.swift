import DBCore
import Foundation

public struct SlowQueryReport: Codable, Sendable {
    public static let schemaVersion = "dbops.slow-queries/v2"
    public var schema = SlowQueryReport.schemaVersion
    public var target: String
    public var engine: Engine?
    public var server: ServerInfo?
    /// pg_stat_statements, performance_schema or slow_log.
    public var source: String
    public var window: ReportWindow
    public var orderBy: String
    /// All statements in the window (not only those listed).
    public var statementCount: Int
    public var totalMs: Double
    public var statements: [StatementStats]
    public var thresholds: [String: Thresholds]
    public var status: CheckStatus
    public var notes: [String]

    enum CodingKeys: String, CodingKey {
        case schema, target, engine, server, source, window, statements, thresholds, status, notes
        case orderBy = "order_by", statementCount = "statement_count", totalMs = "total_ms"
    }
}
