import DBCore

/// ANALYZE on PostgreSQL: its SHARE UPDATE EXCLUSIVE lock blocks no query, so nothing
/// holds it back but the lock itself (lock_timeout).
enum PostgresStatistics: StatisticsEngine {
    static func holdBack(_ connection: DatabaseConnection, maxStatementAge: Double) throws -> String? { nil }

    static func analyze(_ connection: DatabaseConnection, _ statement: SQLTemplate.Rendered) throws {
        try connection.execute(statement.sql, statement.parameters)
    }
}
