import DBCore
import Foundation

/// pg_stat_statements: the counters (texts fetched only for the statements listed), and
/// EXPLAIN (GENERIC_PLAN) for a normalized statement.
enum PostgresStatements: StatementSource {
    /// pg_stat_statements, found in whichever schema it is installed.
    static func read(_ connection: DatabaseConnection, options: SlowQueryOptions, target: String) throws -> (
        StatementSnapshot, String?
    ) {
        guard let schemaRow = try connection.named(.slowQueriesExtension).first, let schema = schemaRow["schema"] else {
            // Say what is actually missing: the library may be preloaded already, and then
            // only the extension's views are.
            let preload = (try? connection.scalar(.slowQueriesPreloadLibraries)) ?? nil
            let loaded = (preload ?? "").split(separator: ",").contains {
                $0.trimmingCharacters(in: .whitespaces) == "pg_stat_statements"
            }
            throw DBError(
                .undefinedObject,
                loaded
                    ? "pg_stat_statements is preloaded but not created in this database: CREATE EXTENSION pg_stat_statements"
                    : "pg_stat_statements is not installed in this database: add it to shared_preload_libraries (restart), then CREATE EXTENSION pg_stat_statements"
            )
        }
        let quoted = connection.dialect.quote(schema)
        let info = try? connection.query(try StatementSources.sql(.slowQueriesInfo, connection, schema: quoted)).first
        var counters: [StatementCounters] = []
        do {
            for row in try connection.query(
                try StatementSources.sql(.slowQueriesStatements, connection, schema: quoted),
                [.bool(options.allDatabases)]
            ).rows {
                guard let id = row["id"], let calls = row.int64("calls") else { continue }
                let mean = row.double("mean_ms") ?? 0, stddev = row.double("stddev_ms") ?? 0
                counters.append(
                    StatementCounters(
                        id: id, database: row["database"], user: row["user"], query: nil, calls: calls,
                        totalMs: row.double("total_ms") ?? 0,
                        sumSquaresMs: (stddev * stddev + mean * mean) * Double(calls),
                        minMs: row.double("min_ms"), maxMs: row.double("max_ms"), rows: row.int64("rows") ?? 0,
                        rowsExamined: nil,
                        sharedBlocksHit: row.int64("shared_blks_hit"), sharedBlocksRead: row.int64("shared_blks_read"),
                        tempBlocksWritten: row.int64("temp_blks_written"), noIndexUsed: nil, tmpDiskTables: nil,
                        firstSeen: nil,
                        p95Ms: nil, p99Ms: nil, sample: nil))
            }
        } catch let error as DBError where error.message.contains("shared_preload_libraries") {
            throw DBError(
                .undefinedObject,
                "pg_stat_statements is installed but not loaded: add it to shared_preload_libraries and restart the server"
            )
        }
        let reset = info?.double("stats_reset_epoch").map { Date(timeIntervalSince1970: $0) }
        let snapshot = StatementSnapshot(
            takenAt: Date(), target: target, source: "pg_stat_statements", statsReset: reset,
            evictions: info?.int64("dealloc"), uptimeSeconds: nil, counters: counters)
        return (snapshot, quoted)
    }

    /// Query texts for chosen statements (reads pg_stat_statements' text file once).
    static func texts(_ connection: DatabaseConnection, schema: String?, ids: [String]) throws -> [String: String] {
        guard !ids.isEmpty else { return [:] }
        let array = "{" + ids.joined(separator: ",") + "}"
        var out: [String: String] = [:]
        for row in try connection.query(
            try StatementSources.sql(.slowQueriesTexts, connection, schema: schema), [.text(array)]
        ).rows {
            if let id = row["id"], let text = row["query"] { out[id] = text }
        }
        return out
    }

    /// pg_stat_statements keeps no literal values: the statement is prepared as it is
    /// ($1, $2, ...) and its generic plan is explained, as PostgreSQL 16's
    /// EXPLAIN (GENERIC_PLAN) does.
    static func explain(_ statement: inout StatementStats, _ connection: DatabaseConnection, analyze: Bool) throws {
        guard let query = statement.query else { statement.explainNote = "no statement text"; return }
        guard
            ["select", "with", "insert", "update", "delete", "values", "table"].contains(
                StatementExplainer.leadingKeyword(query))
        else {
            statement.explainNote =
                "not a query EXPLAIN can show (\(StatementExplainer.leadingKeyword(query).uppercased()))"
            return
        }
        if analyze {
            statement.explainNote = "generic plan only: pg_stat_statements keeps no literal values to run with"
        }
        var highest = 0
        let regex = try NSRegularExpression(pattern: #"\$([0-9]+)"#)
        for match in regex.matches(in: query, range: NSRange(query.startIndex..., in: query)) {
            if let range = Range(match.range(at: 1), in: query), let n = Int(query[range]) { highest = max(highest, n) }
        }
        try connection.executeScript("BEGIN")
        defer {
            try? connection.executeScript("ROLLBACK")
            // Prepared statements outlive transactions.
            try? connection.executeScript(.slowQueriesDeallocateExplain)
        }
        if let user = statement.user { _ = try connection.named(.slowQueriesExplainRole, [.text(user)]) }
        try connection.executeScript(.slowQueriesGenericPlan)
        _ = try connection.singleStatement("PREPARE dbops_explain AS " + query)
        let arguments = highest == 0 ? "" : "(" + Array(repeating: "NULL", count: highest).joined(separator: ", ") + ")"
        let plan = try connection.singleStatement("EXPLAIN EXECUTE dbops_explain\(arguments)")
        statement.explain = plan.rows.compactMap { $0[0] }
    }
}
