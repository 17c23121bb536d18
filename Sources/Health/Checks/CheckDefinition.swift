import DBCore
import Foundation

/// One named check: its default limits and how to measure it.
struct CheckDefinition {
    let name: String
    let help: String
    let defaults: Thresholds
    /// What it reads: the whole server (sessions, replication, settings) or the database
    /// the session is in (its tables, indexes, sequences, size). A fleet of one server's
    /// databases reads the server once and each database for its own checks.
    var scope = CheckScope.server
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
