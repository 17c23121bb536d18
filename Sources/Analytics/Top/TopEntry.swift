/// One parent of the ranking.
public struct TopEntry: Sendable, Codable, Equatable {
    public var rank: Int
    public var key: String
    public var label: String?
    public var children: Int64
    /// Children with a measure (not NULL), their sum and average (exact, 6 places).
    public var measured: Int64
    public var measureSum: ExactDecimal?
    public var measureAverage: ExactDecimal?

    enum CodingKeys: String, CodingKey {
        case rank, key, label, children, measured
        case measureSum = "measure_sum", measureAverage = "measure_average"
    }
}
