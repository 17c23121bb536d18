import DBCore

/// What reads a server's cumulative statement counters: one implementation per engine
/// (PostgresStatements, MySQLStatements).
protocol StatementSource {
    /// The counters now, and where their texts are to be fetched from (nil: they came with them).
    static func read(_ connection: DatabaseConnection, options: SlowQueryOptions, target: String) throws -> (
        StatementSnapshot, String?
    )
    /// Texts of the statements `ids`, for sources that do not carry them.
    static func texts(_ connection: DatabaseConnection, schema: String?, ids: [String]) throws -> [String: String]
    /// The plan of a listed statement, into its explain fields.
    static func explain(_ statement: inout StatementStats, _ connection: DatabaseConnection, analyze: Bool) throws
}

extension Engine {
    /// This engine's statement source.
    var statements: StatementSource.Type { Self.statementSources[self] ?? PostgresStatements.self }

    private static let statementSources: [Engine: StatementSource.Type] = [
        .postgres: PostgresStatements.self, .mysql: MySQLStatements.self,
    ]
}
