import Foundation

/// A table's sizes in a period as least-squares sums (x: days since the period's start),
/// and its last size.
public struct GrowthSums: Sendable, Equatable {
    public var target: String
    public var table: String
    public var n: Double
    public var sx: Double
    public var sy: Double
    public var sxy: Double
    public var sxx: Double
    public var lastValue: Double

    /// The slope in bytes a day; 0 with fewer than two distinct times.
    public var perDay: Double {
        let denominator = n * sxx - sx * sx
        guard n >= 2, denominator > 1e-12 else { return 0 }
        return (n * sxy - sx * sy) / denominator
    }
}
