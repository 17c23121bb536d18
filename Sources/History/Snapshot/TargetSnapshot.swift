import DBCore
import Foundation
import Health

/// What one `dbops snapshot` recorded of one target: the values of its series, the
/// statements that ran since its previous snapshot, the analytics days worked out, and
/// what it could not read (each part is independent: a missing pg_stat_statements does not
/// lose the table sizes).
public struct TargetSnapshot: Codable, Sendable {
    public var target: String
    public var engine: Engine
    public var takenAt: Date
    public var seconds: Double = 0
    public var samples: [HistorySample] = []
    public var statements: [StatementHistory.Delta] = []
    /// "delta" (since the previous snapshot) or "cumulative" (the first, or after a reset).
    public var statementsMode: String?
    /// The counters as read, kept for the next snapshot's differences.
    public var statementState: Data?
    public var analytics: [AnalyticsDay] = []
    /// What index-usage advises now (nil: not looked at).
    public var indexFindings: [IndexFinding]?
    public var notes: [String] = []
    /// The parts lost because the server stopped answering during the snapshot (noted too):
    /// what was read is stored, but the run fails, since the server needs looking at.
    public var unanswered: [String] = []

    public init(target: String, engine: Engine, takenAt: Date) {
        self.target = target
        self.engine = engine
        self.takenAt = takenAt
    }
}
