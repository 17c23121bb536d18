/// How the latency report finds its order statistics, chosen per report from the planner's
/// estimates (LatencyPercentiles).
indirect enum LatencyPath: Equatable {
    /// Count each integer duration (latency_counts.sql); `then` if the pairs turn out too many.
    case counting(then: LatencyPath)
    /// Sort each group into an array (PostgreSQL latency_arrays.sql): while the rows are few
    /// enough for the largest group's array to stay small.
    case sortedArrays
    /// A window over the rows (latency.sql): any size, any engine.
    case sortedWindows
}
