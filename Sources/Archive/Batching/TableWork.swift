import DBCore
import Foundation

/// One rule's work on one table.
public struct TableWork: Sendable, Codable {
    public var rule: String
    public var table: String
    /// Rows deleted or moved (with --dry-run: rows that would be).
    public var rows: Int64 = 0
    public var batches = 0
    public var seconds = 0.0
    /// The longest batch transaction: the most time any row lock was held.
    public var longestBatchSeconds = 0.0
    public var throttledSeconds = 0.0
    public var lockRetries = 0
    /// Items (archive roots) the application held through every retry: stepped over and
    /// left for a later run.
    public var skippedHeld = 0
    /// Expired rows (cleanup) left because another table still references them through a
    /// foreign key that forbids their deletion.
    public var keptReferenced: Int64 = 0
    /// What the rule does, in words.
    public var description: String
    /// --dry-run: the statements a batch runs, parameters listed after each.
    public var statements: [String] = []
    /// Rows per table moved along with this one (archive: the children).
    public var related: [String: Int64] = [:]

    public init(rule: String, table: String, description: String) {
        self.rule = rule
        self.table = table
        self.description = description
    }

    public var rowsPerSecond: Double { seconds > 0 ? Double(rows) / seconds : 0 }

    mutating func add(_ totals: BatchPacer.Totals) {
        rows += totals.rows
        batches += totals.batches
        seconds += totals.seconds
        longestBatchSeconds = max(longestBatchSeconds, totals.longestBatchSeconds)
        throttledSeconds += totals.throttledSeconds
        lockRetries += totals.lockRetries
        skippedHeld += totals.skippedHeld
    }

    enum CodingKeys: String, CodingKey {
        case rule, table, rows, batches, seconds, description, statements, related
        case longestBatchSeconds = "longest_batch_seconds", throttledSeconds = "throttled_seconds"
        case lockRetries = "lock_retries", rowsPerSecond = "rows_per_second", skippedHeld = "skipped_held"
        case keptReferenced = "kept_referenced"
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(rule, forKey: .rule)
        try c.encode(table, forKey: .table)
        try c.encode(rows, forKey: .rows)
        try c.encode(batches, forKey: .batches)
        try c.encode(seconds, forKey: .seconds)
        try c.encode(rowsPerSecond, forKey: .rowsPerSecond)
        try c.encode(longestBatchSeconds, forKey: .longestBatchSeconds)
        try c.encode(throttledSeconds, forKey: .throttledSeconds)
        try c.encode(lockRetries, forKey: .lockRetries)
        try c.encode(skippedHeld, forKey: .skippedHeld)
        try c.encode(keptReferenced, forKey: .keptReferenced)
        try c.encode(description, forKey: .description)
        if !statements.isEmpty { try c.encode(statements, forKey: .statements) }
        if !related.isEmpty { try c.encode(related, forKey: .related) }
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        rule = try c.decode(String.self, forKey: .rule)
        table = try c.decode(String.self, forKey: .table)
        rows = try c.decode(Int64.self, forKey: .rows)
        batches = try c.decode(Int.self, forKey: .batches)
        seconds = try c.decode(Double.self, forKey: .seconds)
        longestBatchSeconds = try c.decode(Double.self, forKey: .longestBatchSeconds)
        throttledSeconds = try c.decode(Double.self, forKey: .throttledSeconds)
        lockRetries = try c.decode(Int.self, forKey: .lockRetries)
        skippedHeld = try c.decodeIfPresent(Int.self, forKey: .skippedHeld) ?? 0
        keptReferenced = try c.decodeIfPresent(Int64.self, forKey: .keptReferenced) ?? 0
        description = try c.decode(String.self, forKey: .description)
        statements = try c.decodeIfPresent([String].self, forKey: .statements) ?? []
        related = try c.decodeIfPresent([String: Int64].self, forKey: .related) ?? [:]
    }
}
