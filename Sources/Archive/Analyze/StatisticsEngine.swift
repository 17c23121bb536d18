import DBCore

/// What ANALYZE needs from one engine beyond its statements in queries/*/statistics:
/// PostgresStatistics, MySQLStatistics.
protocol StatisticsEngine {
    /// Why ANALYZE should wait now (nil: go ahead).
    static func holdBack(_ connection: DatabaseConnection, maxStatementAge: Double) throws -> String?
    /// Runs the rendered ANALYZE; throws what the server reported against the table.
    static func analyze(_ connection: DatabaseConnection, _ statement: SQLTemplate.Rendered) throws
}

extension Engine {
    /// This engine's implementation of StatisticsEngine.
    var statistics: StatisticsEngine.Type { Self.statisticsImplementations[self] ?? PostgresStatistics.self }

    private static let statisticsImplementations: [Engine: StatisticsEngine.Type] = [
        .postgres: PostgresStatistics.self, .mysql: MySQLStatistics.self,
    ]
}
