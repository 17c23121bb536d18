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
