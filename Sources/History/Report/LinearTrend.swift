import Foundation

/// Least squares through (seconds, value) points: the growth the report forecasts with.
enum LinearTrend {
    /// The slope in value per day; 0 with fewer than two distinct times.
    static func slopePerDay(_ points: [(Double, Double)]) -> Double {
        guard points.count >= 2 else { return 0 }
        let n = Double(points.count)
        let meanX = points.reduce(0) { $0 + $1.0 } / n, meanY = points.reduce(0) { $0 + $1.1 } / n
        var numerator = 0.0, denominator = 0.0
        for (x, y) in points {
            numerator += (x - meanX) * (y - meanY)
            denominator += (x - meanX) * (x - meanX)
        }
        guard denominator > 0 else { return 0 }
        return numerator / denominator * 86_400
    }
}
