import DBCore
import Foundation

/// One thing the index-usage report found, with a statement to review. The report never
/// runs these statements.
public struct IndexFinding: Codable, Sendable {
    public enum Kind: String, Codable, Sendable, CaseIterable {
        case unused, duplicate, redundantPrefix = "redundant_prefix", redundantPrimaryKeySuffix = "redundant_pk_suffix"
        case duplicateForeignKey = "duplicate_foreign_key"
        case invalid, missingIndex = "missing_index", unindexedForeignKey = "unindexed_foreign_key", bloat
        case indexHeavyTable = "index_heavy_table"
    }

    public var kind: Kind
    public var schema: String?
    public var table: String
    public var index: String?
    /// The index that makes this one unneeded (duplicates and prefixes).
    public var coveredBy: String?
    public var detail: String
    public var bytes: Int64?
    public var scans: Int64?
    public var statement: String

    enum CodingKeys: String, CodingKey {
        case kind, schema, table, index, detail, bytes, scans, statement
        case coveredBy = "covered_by"
    }
}

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

public struct IndexUsageOptions: Sendable {
    /// An index with at most this many scans counts as unused (pghero's max_scans; 0: never scanned).
    public var maxScans: Int64 = 0
    /// More servers (replicas) whose scans count too.
    public var across: [ConnectionConfig] = []
    /// Limits on the number of findings of a kind ("invalid", "unused", "duplicate", ...).
    public var thresholds: [String: Thresholds] = ["invalid": Thresholds(warning: 1)]
    public var session = SessionSettings(statementTimeout: 10, lockTimeout: 1, readOnly: true)

    public init() {}
}
