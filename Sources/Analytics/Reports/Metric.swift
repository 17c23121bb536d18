/// The three reports.
public enum Metric: String, Sendable, Codable, CodingKeyRepresentable, CaseIterable {
    case dau, cost, latency

    /// What the value column holds, for messages.
    var valueRole: String {
        switch self {
        case .dau: return "activity"
        case .cost: return "cost"
        case .latency: return "duration"
        }
    }
}
