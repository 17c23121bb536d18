import DBCore

/// What one engine's maintenance session needs beyond its timeouts before batches run:
/// PostgresMaintenance, MySQLMaintenance. Returns notes for the summary.
protocol MaintenanceEngine {
    static func prepare(_ connection: DatabaseConnection) throws -> [String]
}

enum MaintenanceEngines {
    static let all: [Engine: MaintenanceEngine.Type] = [.postgres: PostgresMaintenance.self, .mysql: MySQLMaintenance.self]

    static func `for`(_ engine: Engine) -> MaintenanceEngine.Type {
        all[engine] ?? PostgresMaintenance.self
    }
}
