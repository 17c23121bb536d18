import DBCore
import Foundation

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

    func rows(_ name: QueryName, _ parameters: [SQLValue] = []) throws -> [Row] {
        try connection.named(name, parameters).rows
    }

    /// The lowest limit set for this check (what is worth listing in details).
    func reportFloor(default fallback: Double) -> Double {
        [thresholds.warning, thresholds.critical].compactMap { $0 }.min() ?? fallback
    }
}
