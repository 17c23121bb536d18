import DBCore
import Foundation

/// Reads the cumulative statement counters of a server.
enum StatementSources {
    /// pg_stat_statements, found in whichever schema it is installed.
    static func postgres(_ connection: DatabaseConnection, options: SlowQueryOptions, target: String) throws -> (StatementSnapshot, String) {
        guard let schemaRow = try connection.named("slow_queries/extension").first, let schema = schemaRow["schema"] else {
            // Say what is actually missing: the library may be preloaded already, and then
            // only the extension's views are.
            let preload = (try? connection.scalar("SELECT current_setting('shared_preload_libraries')")) ?? nil
            let loaded = (preload ?? "").split(separator: ",").contains { $0.trimmingCharacters(in: .whitespaces) == "pg_stat_statements" }
            throw DBError(.undefinedObject, loaded
                ? "pg_stat_statements is preloaded but not created in this database: CREATE EXTENSION pg_stat_statements"
                : "pg_stat_statements is not installed in this database: add it to shared_preload_libraries (restart), then CREATE EXTENSION pg_stat_statements")
        }
        let quoted = connection.dialect.quote(schema)
        let info = try? connection.query(try sql("slow_queries/info", connection, schema: quoted)).first
        var counters: [StatementCounters] = []
        do {
            for row in try connection.query(try sql("slow_queries/statements", connection, schema: quoted), [.bool(options.allDatabases)]).rows {
                guard let id = row["id"], let calls = row.int64("calls") else { continue }
                let mean = row.double("mean_ms") ?? 0, stddev = row.double("stddev_ms") ?? 0
                counters.append(StatementCounters(
                    id: id, database: row["database"], user: row["user"], query: nil, calls: calls,
                    totalMs: row.double("total_ms") ?? 0, sumSquaresMs: (stddev * stddev + mean * mean) * Double(calls),
                    minMs: row.double("min_ms"), maxMs: row.double("max_ms"), rows: row.int64("rows") ?? 0, rowsExamined: nil,
                    sharedBlocksHit: row.int64("shared_blks_hit"), sharedBlocksRead: row.int64("shared_blks_read"),
                    tempBlocksWritten: row.int64("temp_blks_written"), noIndexUsed: nil, tmpDiskTables: nil, firstSeen: nil,
                    p95Ms: nil, p99Ms: nil, sample: nil))
            }
        } catch let error as DBError where error.message.contains("shared_preload_libraries") {
            throw DBError(.undefinedObject, "pg_stat_statements is installed but not loaded: add it to shared_preload_libraries and restart the server")
        }
        let reset = info?.double("stats_reset_epoch").map { Date(timeIntervalSince1970: $0) }
        let snapshot = StatementSnapshot(takenAt: Date(), target: target, source: "pg_stat_statements", statsReset: reset,
                                         evictions: info?.int64("dealloc"), uptimeSeconds: nil, counters: counters)
        return (snapshot, quoted)
    }

    /// Query texts for chosen statements (reads pg_stat_statements' text file once).
    static func postgresTexts(_ connection: DatabaseConnection, schema: String, ids: [String]) throws -> [String: String] {
        guard !ids.isEmpty else { return [:] }
        let array = "{" + ids.joined(separator: ",") + "}"
        var out: [String: String] = [:]
        for row in try connection.query(try sql("slow_queries/texts", connection, schema: schema), [.text(array)]).rows {
            if let id = row["id"], let text = row["query"] { out[id] = text }
        }
        return out
    }

    /// performance_schema.events_statements_summary_by_digest.
    static func mysql(_ connection: DatabaseConnection, options: SlowQueryOptions, target: String) throws -> StatementSnapshot {
        let status = try connection.named("slow_queries/status").first
        guard status?.bool("performance_schema") == true else {
            throw DBError(.unsupported,
                          "performance_schema is OFF, so the server keeps no statement statistics: set performance_schema=ON (needs a restart), or report from the slow query log with --slow-log PATH")
        }
        if status?["digest_consumer"] == "NO" {
            throw DBError(.unsupported,
                          "the statements_digest consumer is disabled: UPDATE performance_schema.setup_consumers SET ENABLED = 'YES' WHERE NAME = 'statements_digest'")
        }
        var quantiles: [String: (Double?, Double?, String?)] = [:]
        if let rows = try? connection.named("slow_queries/quantiles").rows {
            for row in rows { if let id = row["id"] { quantiles[id] = (row.double("p95_ms"), row.double("p99_ms"), row["sample"]) } }
        }
        var samples: [String: String] = [:]
        if options.explain, let rows = try? connection.named("slow_queries/samples").rows {
            for row in rows { if let id = row["id"], let text = row["sample"] { samples[id] = text } }
        }
        var counters: [StatementCounters] = []
        var untracked: Int64 = 0
        for row in try connection.named("slow_queries/statements", [.int(options.allDatabases ? 1 : 0)]).rows {
            guard let id = row["id"], let calls = row.int64("calls") else {
                untracked += row.int64("calls") ?? 0
                continue
            }
            let q = quantiles[id]
            counters.append(StatementCounters(
                id: id, database: row["database"], user: nil, query: row["query"], calls: calls, totalMs: row.double("total_ms") ?? 0,
                sumSquaresMs: nil, minMs: row.double("min_ms"), maxMs: row.double("max_ms"), rows: row.int64("rows") ?? 0,
                rowsExamined: row.int64("rows_examined"), sharedBlocksHit: nil, sharedBlocksRead: nil, tempBlocksWritten: nil,
                noIndexUsed: row.int64("no_index_used"), tmpDiskTables: row.int64("tmp_disk_tables"), firstSeen: row["first_seen"],
                p95Ms: q?.0, p99Ms: q?.1, sample: q?.2 ?? samples[id]))
        }
        // A full digest table counts new statements in one row without a digest.
        return StatementSnapshot(takenAt: Date(), target: target, source: "performance_schema", statsReset: nil,
                                 evictions: untracked > 0 ? untracked : nil,
                                 uptimeSeconds: status?.int64("uptime_seconds"), counters: counters)
    }

    static func sql(_ name: String, _ connection: DatabaseConnection, schema: String? = nil) throws -> String {
        let text = try QueryCatalog.shared.sql(name, server: connection.server)
        return schema.map { text.replacingOccurrences(of: "{schema}", with: $0) } ?? text
    }

}
