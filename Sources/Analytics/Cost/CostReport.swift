import DBCore
import Foundation

/// `dbops analytics cost`.
public struct CostReport: Sendable, Codable {
    public var schema = "dbops.analytics.cost/v1"
    public var source: ReportSource
    public var dimension: String
    public var total: ExactDecimal
    public var rows: Int64
    /// Requests over the range: the profile's request-count column summed (AI_SMARTLITE's
    /// "request counts"), or one a row.
    public var requests: Int64
    /// The column summed into `requests`; nil when each row is one request.
    public var requestColumn: String?
    /// Rows whose cost is NULL (left out of every sum).
    public var unpriced: Int64
    public var days: [CostDay]
    /// The largest values of the dimension, largest first.
    public var top: [CostShare]
    /// Everything after the top ones, added up (nil when nothing is left).
    public var others: CostShare?
    public var distinctValues: Int

    enum CodingKeys: String, CodingKey {
        case schema, source, dimension, total, rows, requests, unpriced, days, top, others
        case requestColumn = "request_column", distinctValues = "distinct_values"
    }
}
