import DBCore
import Foundation

/// `dbops analytics cost`.
public struct CostReport: Sendable, Codable {
    public var schema = "dbops.analytics.cost/v1"
    public var source: ReportSource
    public var dimension: String
    public var total: ExactDecimal
    public var rows: Int64
    /// Rows whose cost is NULL (left out of every sum).
    public var unpriced: Int64
    public var days: [CostDay]
    /// The largest values of the dimension, largest first.
    public var top: [CostShare]
    /// Everything after the top ones, added up (nil when nothing is left).
    public var others: CostShare?
    public var distinctValues: Int

    enum CodingKeys: String, CodingKey {
        case schema, source, dimension, total, rows, unpriced, days, top, others
        case distinctValues = "distinct_values"
    }
}
