import Foundation

/// One run of a job (backup, drill, cleanup, archive, partitions) as the job recorded it in
/// the history store when it ended.
public struct JobRun: Codable, Sendable, Equatable {
    public var target: String
    public var job: String
    public var startedAt: Date
    public var seconds: Double
    /// complete, failed, skipped (another run held the lock), interrupted, or the
    /// maintenance outcomes that stop a run early (out_of_time, lagging ...).
    public var outcome: String
    /// Rows deleted, archived or backed up.
    public var rows: Int64?
    /// A backup's compressed size; an archive's files.
    public var bytes: Int64?
    /// The backup folder (backup, drill).
    public var path: String?
    /// One line: what was done, or why it failed.
    public var detail: String

    public init(
        target: String, job: String, startedAt: Date, seconds: Double, outcome: String, rows: Int64? = nil,
        bytes: Int64? = nil, path: String? = nil, detail: String = ""
    ) {
        self.target = target
        self.job = job
        self.startedAt = startedAt
        self.seconds = seconds
        self.outcome = outcome
        self.rows = rows
        self.bytes = bytes
        self.path = path
        self.detail = detail
    }

    enum CodingKeys: String, CodingKey {
        case target, job, seconds, outcome, rows, bytes, path, detail
        case startedAt = "started_at"
    }
}
