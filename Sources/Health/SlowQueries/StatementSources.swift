import DBCore
import Foundation

/// What reads a server's cumulative statement counters: one implementation per engine
/// (PostgresStatements, MySQLStatements).
protocol StatementSource {
    /// The counters now, and where their texts are to be fetched from (nil: they came with them).
    static func read(_ connection: DatabaseConnection, options: SlowQueryOptions, target: String) throws -> (StatementSnapshot, String?)
    /// Texts of the statements `ids`, for sources that do not carry them.
    static func texts(_ connection: DatabaseConnection, schema: String?, ids: [String]) throws -> [String: String]
    /// The plan of a listed statement, into its explain fields.
    static func explain(_ statement: inout StatementStats, _ connection: DatabaseConnection, analyze: Bool) throws
}

/// The statement source of each engine, and the SQL they share.
enum StatementSources {
    static let all: [Engine: StatementSource.Type] = [.postgres: PostgresStatements.self, .mysql: MySQLStatements.self]

    static func `for`(_ engine: Engine) -> StatementSource.Type {
        all[engine] ?? PostgresStatements.self
    }


    static func sql(_ name: QueryName, _ connection: DatabaseConnection, schema: String? = nil) throws -> String {
        let text = try QueryCatalog.shared.sql(name, server: connection.server)
        return schema.map { text.replacingOccurrences(of: "{schema}", with: $0) } ?? text
    }

}
