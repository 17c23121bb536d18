import Foundation

/// One value of one series at one snapshot: `metric` names what was measured
/// (`health.connections`, `table.total_bytes`, `index.scans`), `subject` what it was
/// measured on (`public.orders`; empty for the target as a whole).
public struct HistorySample: Codable, Sendable, Equatable {
    public var metric: String
    public var subject: String
    public var value: Double

    public init(_ metric: String, _ subject: String = "", _ value: Double) {
        self.metric = metric
        self.subject = subject
        self.value = value
    }
}
