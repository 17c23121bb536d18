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
        fail(subject: "rule \(rule)", error)
    }

    /// The run failed at `subject` (a rule, a table): one line naming it and the problem.
    /// The first failure is the one kept: later ones often only follow from it.
    mutating func fail(subject: String, _ error: Error) {
        guard outcome != .failed || self.error == nil else { return }
        outcome = .failed
        self.error = "\(subject): \(DBError.oneLineDescription(of: error))"
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

extension SQLTemplate.Rendered {
    /// The statement as --dry-run shows it: the SQL, then its parameters in order.
    var shown: String {
        let statement = withoutHeaderComment(sql)
        return statement
            + (parameters.isEmpty
                ? ""
                : "\n  -- parameters: "
                    + parameters.enumerated().map { i, value in
                        "\(i + 1) = " + (value.textForm.map { "'\($0)'" } ?? "NULL")
                    }.joined(separator: ", "))
    }
}
