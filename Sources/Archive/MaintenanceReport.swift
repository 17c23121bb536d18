import DBCore
import Foundation

/// What a cleanup or archive run did, table by table.
public struct MaintenanceReport: Sendable, Codable {
    public var schema: String
    public var job: String
    public var target: String
    public var database: String
    public var outcome: JobOutcome
    public var startedAt: Date
    public var seconds: Double
    public var tables: [TableWork]
    public var notes: [String]
    /// Why the run failed (outcome `failed`); the work before it stands.
    public var error: String?

    public init(job: String, target: String, database: String, startedAt: Date) {
        schema = "dbops.\(job)/v1"
        self.job = job
        self.target = target
        self.database = database
        outcome = .complete
        self.startedAt = startedAt
        seconds = 0
        tables = []
        notes = []
    }

    public var rows: Int64 { tables.reduce(0) { $0 + $1.rows } }

    /// The run failed in `rule`: one line naming the rule and the problem.
    mutating func fail(rule: String, _ error: Error) {
        outcome = .failed
        self.error = "rule \(rule): \(DBError.oneLineDescription(of: error))"
    }

    /// Records one rule's work (also after a failure: what it did before still counts) and
    /// says whether the run goes on to the next rule: not after a failure, and not after an
    /// outcome other than complete or dry run (interrupted, out of time, held back by lag).
    mutating func record(_ work: TableWork, rule: String, failure: Error?) -> Bool {
        tables.append(work)
        if let failure {
            fail(rule: rule, failure)
            return false
        }
        return outcome == .complete || outcome == .dryRun
    }

    enum CodingKeys: String, CodingKey {
        case schema, job, target, database, outcome, seconds, tables, notes, error
        case startedAt = "started_at"
    }
}

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
        description = try c.decode(String.self, forKey: .description)
        statements = try c.decodeIfPresent([String].self, forKey: .statements) ?? []
        related = try c.decodeIfPresent([String: Int64].self, forKey: .related) ?? [:]
    }
}

extension SQLTemplate.Rendered {
    /// The statement as --dry-run shows it: the SQL, then its parameters in order.
    var shown: String {
        let statement = withoutHeaderComment(sql)
        return statement + (parameters.isEmpty ? "" : "\n  -- parameters: " + parameters.enumerated().map { i, value in
            "\(i + 1) = " + (value.textForm.map { "'\($0)'" } ?? "NULL")
        }.joined(separator: ", "))
    }
}
