import Foundation

/// A statement's work summed over the report's period and over the period before it.
public struct StatementTotal: Sendable, Equatable {
    public var target: String
    public var queryID: String
    public var calls: Int64
    public var totalMs: Double
    public var previousCalls: Int64
    public var previousMs: Double
}
