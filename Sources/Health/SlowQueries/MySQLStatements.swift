import DBCore
import Foundation

/// performance_schema's statement digests (texts come with them), and EXPLAIN of a
/// digest's example.
enum MySQLStatements: StatementSource {
    /// performance_schema.events_statements_summary_by_digest.
    static func read(_ connection: DatabaseConnection, options: SlowQueryOptions, target: String) throws -> (
        StatementSnapshot, String?
    ) {
        let status = try connection.named(.slowQueriesStatus).first
        guard status?.bool("performance_schema") == true else {
            throw DBError(
                .unsupported,
                "performance_schema is OFF, so the server keeps no statement statistics: set performance_schema=ON (needs a restart), or report from the slow query log with --slow-log PATH"
            )
        }
        if status?["digest_consumer"] == "NO" {
            throw DBError(
                .unsupported,
                "the statements_digest consumer is disabled: UPDATE performance_schema.setup_consumers SET ENABLED = 'YES' WHERE NAME = 'statements_digest'"
            )
        }
        var quantiles: [String: (Double?, Double?, String?)] = [:]
        if let rows = try? connection.named(.slowQueriesQuantiles).rows {
            for row in rows {
                if let id = row["id"] { quantiles[id] = (row.double("p95_ms"), row.double("p99_ms"), row["sample"]) }
            }
        }
        var samples: [String: String] = [:]
        if options.explain, let rows = try? connection.named(.slowQueriesSamples).rows {
            for row in rows { if let id = row["id"], let text = row["sample"] { samples[id] = text } }
        }
        var counters: [StatementCounters] = []
        var untracked: Int64 = 0
        for row in try connection.named(.slowQueriesStatements, [.int(options.allDatabases ? 1 : 0)]).rows {
            guard let id = row["id"], let calls = row.int64("calls") else {
                untracked += row.int64("calls") ?? 0
                continue
            }
            let q = quantiles[id]
            counters.append(
                StatementCounters(
                    id: id, database: row["database"], user: nil, query: row["query"], calls: calls,
                    totalMs: row.double("total_ms") ?? 0,
                    sumSquaresMs: nil, minMs: row.double("min_ms"), maxMs: row.double("max_ms"),
                    rows: row.int64("rows") ?? 0,
                    rowsExamined: row.int64("rows_examined"), sharedBlocksHit: nil, sharedBlocksRead: nil,
                    tempBlocksWritten: nil,
                    noIndexUsed: row.int64("no_index_used"), tmpDiskTables: row.int64("tmp_disk_tables"),
                    firstSeen: row["first_seen"],
                    p95Ms: q?.0, p99Ms: q?.1, sample: q?.2 ?? samples[id]))
        }
        // A full digest table counts new statements in one row without a digest.
        return (
            StatementSnapshot(
                takenAt: Date(), target: target, source: "performance_schema", statsReset: nil,
                evictions: untracked > 0 ? untracked : nil,
                uptimeSeconds: status?.int64("uptime_seconds"), counters: counters), nil
        )
    }

    /// Digests carry their text: nothing to fetch.
    static func texts(_ connection: DatabaseConnection, schema: String?, ids: [String]) throws -> [String: String] {
        [:]
    }

    static func explain(_ statement: inout StatementStats, _ connection: DatabaseConnection, analyze: Bool) throws {
        guard let sample = statement.sample else {
            statement.explainNote =
                "no literal example: MySQL 8 keeps one per digest; on MariaDB enable the events_statements_current and events_statements_history_long consumers (UPDATE performance_schema.setup_consumers SET ENABLED = 'YES' WHERE NAME IN ('events_statements_current', 'events_statements_history_long'))"
            return
        }
        let keyword = StatementExplainer.leadingKeyword(sample)
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
