import Foundation

/// Monitoring-plugin states, ordered by how loudly they must be reported.
public enum CheckStatus: String, Codable, Sendable, CaseIterable {
    case ok, warning, critical, unknown

    /// Which of two states a combined report shows: critical beats warning beats unknown
    /// beats ok, so a missing extension never hides a real warning.
    public var severity: Int {
        switch self {
        case .ok: return 0
        case .unknown: return 1
        case .warning: return 2
        case .critical: return 3
        }
    }

    public static func worst(_ statuses: [CheckStatus]) -> CheckStatus {
        statuses.max(by: { $0.severity < $1.severity }) ?? .ok
    }
}
