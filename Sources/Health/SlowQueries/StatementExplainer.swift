import DBCore
import Foundation

/// EXPLAIN for the statements of a report. Never ANALYZE unless asked, and then only for
/// a SELECT with a literal example. Statement text from the server's statistics runs only
/// through single-statement paths, inside a transaction that is rolled back.
enum StatementExplainer {
    static func explain(_ statement: inout StatementStats, _ connection: DatabaseConnection, analyze: Bool) {
        do {
            switch connection.engine {
            case .postgres: try postgres(&statement, connection, analyze: analyze)
            case .mysql: try mysql(&statement, connection, analyze: analyze)
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

    /// pg_stat_statements keeps no literal values: the statement is prepared as it is
    /// ($1, $2, ...) and its generic plan is explained, as PostgreSQL 16's
    /// EXPLAIN (GENERIC_PLAN) does.
    static func postgres(_ statement: inout StatementStats, _ connection: DatabaseConnection, analyze: Bool) throws {
        guard let query = statement.query else { statement.explainNote = "no statement text"; return }
        guard ["select", "with", "insert", "update", "delete", "values", "table"].contains(leadingKeyword(query)) else {
            statement.explainNote = "not a query EXPLAIN can show (\(leadingKeyword(query).uppercased()))"
            return
        }
        if analyze { statement.explainNote = "generic plan only: pg_stat_statements keeps no literal values to run with" }
        var highest = 0
        let regex = try NSRegularExpression(pattern: #"\$([0-9]+)"#)
        for match in regex.matches(in: query, range: NSRange(query.startIndex..., in: query)) {
            if let range = Range(match.range(at: 1), in: query), let n = Int(query[range]) { highest = max(highest, n) }
        }
        try connection.executeScript("BEGIN")
        defer {
            try? connection.executeScript("ROLLBACK")
            // Prepared statements outlive transactions.
            try? connection.executeScript("DEALLOCATE dbops_explain")
        }
        try connection.executeScript("SET LOCAL plan_cache_mode = force_generic_plan")
        _ = try connection.singleStatement("PREPARE dbops_explain AS " + query)
        let arguments = highest == 0 ? "" : "(" + Array(repeating: "NULL", count: highest).joined(separator: ", ") + ")"
        let plan = try connection.singleStatement("EXPLAIN EXECUTE dbops_explain\(arguments)")
        statement.explain = plan.rows.compactMap { $0[0] }
    }

    static func mysql(_ statement: inout StatementStats, _ connection: DatabaseConnection, analyze: Bool) throws {
        guard let sample = statement.sample else {
            statement.explainNote = "no literal example: MySQL 8 keeps one per digest; on MariaDB enable the events_statements_current and events_statements_history_long consumers (UPDATE performance_schema.setup_consumers SET ENABLED = 'YES' WHERE NAME IN ('events_statements_current', 'events_statements_history_long'))"
            return
        }
        let keyword = leadingKeyword(sample)
        guard ["select", "insert", "update", "delete", "replace", "with"].contains(keyword) else {
            statement.explainNote = "not a statement EXPLAIN can show (\(keyword.uppercased()))"
            return
        }
        var prefix = "EXPLAIN "
        if analyze {
            if keyword == "select" || keyword == "with" {
                prefix = connection.server.flavor == .mariadb ? "ANALYZE " : "EXPLAIN ANALYZE "
            } else {
                statement.explainNote = "EXPLAIN without ANALYZE: only a SELECT is ever run"
            }
        }
        try connection.executeScript("START TRANSACTION")
        defer { try? connection.executeScript("ROLLBACK") }
        let plan = try connection.singleStatement(prefix + sample)
        statement.explain = plan.planLines
    }
}
