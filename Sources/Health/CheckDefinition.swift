import DBCore
import Foundation

/// What a check measured, before thresholds turn it into a status.
struct Measurement {
    var value: Double?
    var unit: String?
    var summary: String
    var details: [[String: JSONValue]] = []
    var metrics: [String: Double] = [:]
    /// A state that follows from a fact rather than from the value (a stopped replica
    /// thread, an inactive slot); the worse of this and the thresholds' verdict wins.
    var status: CheckStatus?
}

/// One named check: its default limits and how to measure it.
struct CheckDefinition {
    let name: String
    let help: String
    let defaults: Thresholds
    let measure: (CheckContext) throws -> Measurement
}

/// What a check may use while it runs.
final class CheckContext {
    let connection: DatabaseConnection
    let thresholds: Thresholds
    let options: HealthOptions
    let shared: SharedReadings

    init(connection: DatabaseConnection, thresholds: Thresholds, options: HealthOptions, shared: SharedReadings) {
        self.connection = connection
        self.thresholds = thresholds
        self.options = options
        self.shared = shared
    }

    func rows(_ name: String, _ parameters: [SQLValue] = []) throws -> [Row] {
        try connection.named(name, parameters).rows
    }

    /// The lowest limit set for this check (what is worth listing in details).
    func reportFloor(default fallback: Double) -> Double {
        [thresholds.warning, thresholds.critical].compactMap { $0 }.min() ?? fallback
    }
}

/// Readings several checks need, fetched at most once per run.
final class SharedReadings {
    private let connection: DatabaseConnection
    private var status: [String: String]?
    private var variables: [String: String]?

    init(connection: DatabaseConnection) { self.connection = connection }

    /// MySQL SHOW GLOBAL STATUS values by lower-cased name.
    func mysqlStatus() throws -> [String: String] {
        if let status { return status }
        let loaded = try keyValues(connection.named("health/status"))
        status = loaded
        return loaded
    }

    func mysqlVariables() throws -> [String: String] {
        if let variables { return variables }
        let loaded = try keyValues(connection.named("health/variables"))
        variables = loaded
        return loaded
    }

    private func keyValues(_ result: ResultSet) -> [String: String] {
        var out: [String: String] = [:]
        for row in result.rows {
            if let name = row[0], let value = row[1] { out[name.lowercased()] = value }
        }
        return out
    }
}

extension Row {
    /// Typed details for a report, keeping only the named columns (in that order).
    func details(_ columns: [String]) -> [String: JSONValue] {
        var out: [String: JSONValue] = [:]
        for column in columns { out[column] = JSONValue.from(text: self[column]) }
        return out
    }
}
