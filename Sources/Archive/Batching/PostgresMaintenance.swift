import DBCore

/// PostgreSQL's READ COMMITTED already locks only the rows a batch touches, and its lock
/// timeout covers row locks: nothing more to set.
enum PostgresMaintenance: MaintenanceEngine {
    static func prepare(_ connection: DatabaseConnection) throws -> [String] { [] }
}
