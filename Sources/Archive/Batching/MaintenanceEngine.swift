import DBCore

/// What one engine's maintenance session needs beyond its timeouts before batches run:
/// PostgresMaintenance, MySQLMaintenance. Returns notes for the summary.
protocol MaintenanceEngine {
    static func prepare(_ connection: DatabaseConnection) throws -> [String]
}

extension Engine {
    /// This engine's implementation of MaintenanceEngine.
    var maintenance: MaintenanceEngine.Type { Self.maintenanceImplementations[self] ?? PostgresMaintenance.self }

    private static let maintenanceImplementations: [Engine: MaintenanceEngine.Type] = [
        .postgres: PostgresMaintenance.self, .mysql: MySQLMaintenance.self,
    ]
}
