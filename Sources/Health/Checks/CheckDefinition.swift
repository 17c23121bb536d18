import DBCore
import Foundation

/// One named check: its default limits and how to measure it.
struct CheckDefinition {
    let name: String
    let help: String
    let defaults: Thresholds
    let measure: (CheckContext) throws -> Measurement
}

extension Row {
    /// Typed details for a report, keeping only the named columns (in that order).
    func details(_ columns: [String]) -> [String: JSONValue] {
        var out: [String: JSONValue] = [:]
        for column in columns { out[column] = JSONValue.from(text: self[column]) }
        return out
    }
}
