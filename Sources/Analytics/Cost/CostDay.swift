import DBCore
import Foundation

public struct CostDay: Sendable, Codable, Equatable {
    public var day: String
    public var partial: Bool
    public var cost: ExactDecimal
    public var rows: Int64
    public var requests: Int64
}
