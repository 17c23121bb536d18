import Foundation

/// Problems with what was asked (64 at the command line) or with the data source (1).
public enum AnalyticsError: Error, CustomStringConvertible {
    case usage(String)
    case source(String)

    public var description: String {
        switch self {
        case .usage(let text), .source(let text): return text
        }
    }
}
