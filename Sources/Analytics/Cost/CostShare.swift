import DBCore
import Foundation

public struct CostShare: Sendable, Codable, Equatable {
    /// The dimension's value (nil: rows where it is NULL).
    public var value: String?
    public var cost: ExactDecimal
    public var rows: Int64
    /// The profile's request-count column summed (rows, without one).
    public var requests: Int64
    /// Share of the total, in percent, to two places.
    public var percent: ExactDecimal
}
