import DBCore
import Foundation

/// EXPLAIN for the statements of a report. Never ANALYZE unless asked, and then only for
/// a SELECT with a literal example. Statement text from the server's statistics runs only
/// through single-statement paths, inside a transaction that is rolled back.
enum StatementExplainer {
    static func explain(_ statement: inout StatementStats, _ connection: DatabaseConnection, analyze: Bool) {
        do {
            // The statement names its tables as the application does, on its path.
            try connection.withApplicationPath {
                try connection.engine.statements.explain(&statement, connection, analyze: analyze)
            }
        } catch {
            statement.explainNote = "EXPLAIN failed: \(DBError.oneLineDescription(of: error))"
        }
    }

    static func leadingKeyword(_ text: String) -> String {
        var body = text.trimmingCharacters(in: .whitespacesAndNewlines)
        while body.hasPrefix("/*"), let end = body.range(of: "*/") {
            body = String(body[end.upperBound...]).trimmingCharacters(in: .whitespacesAndNewlines)
        }
        return body.prefix { $0.isLetter }.lowercased()
    }

}
