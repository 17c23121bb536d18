import DBCore
import Foundation

/// Checks whose SQL differs by engine but whose columns and meaning do not: each engine's
/// queries/<engine>/health/<name>.sql returns the same column names.
enum CommonChecks {
    static let databaseSize = CheckDefinition(
        name: "database_size",
        help: "Size of the database and its largest tables, with index and TOAST share (bytes).",
        defaults: Thresholds(), scope: .database
    ) { context in
        let bytes = try context.rows(.healthDatabaseSize).first?.double("database_bytes") ?? 0
        let rows = try context.rows(.healthLargestTables, [.int(Int64(context.options.largestTables))])
        // PostgreSQL: tables a migration holds are named, not measured (measuring waits for it).
        let held = rows.filter { $0.bool("held") == true }.map { "\($0["schema"] ?? "").\($0["table"] ?? "")" }
        let tables = rows.filter { $0.bool("held") != true }
        var details: [[String: JSONValue]] = []
        for row in tables {
            let total = row.double("total_bytes") ?? 0
            var item = row.details([
                "schema", "table", "partition_of", "total_bytes", "table_bytes", "index_bytes",
                "toast_bytes", "estimated_rows",
            ])
            if total > 0 {
                item["index_share_percent"] = .number(((row.double("index_bytes") ?? 0) / total * 1000).rounded() / 10)
                item["toast_share_percent"] = .number(((row.double("toast_bytes") ?? 0) / total * 1000).rounded() / 10)
            }
            details.append(item)
        }
        var summary = Format.bytes(bytes)
        if let largest = tables.first, let name = largest["table"], let total = largest.double("total_bytes"), total > 0
        {
            let indexShare = Int(((largest.double("index_bytes") ?? 0) / total * 100).rounded())
            summary += "; largest table \(name) \(Format.bytes(total)) (\(indexShare)% indexes)"
        }
        if !held.isEmpty {
            summary +=
                "; not measured, held ACCESS EXCLUSIVE by another session: \(HeldTable.list(held))"
        }
        return Measurement(value: bytes, unit: "bytes", summary: summary, details: details)
    }

    /// A database a dbops restore has not finished: its rows and objects are partial, and
    /// the application reading it sees a database that is missing data.
    static let restoreIncomplete = CheckDefinition(
        name: "restore_incomplete",
        help:
            "Databases holding the marker (_dbops_restore_incomplete) of a dbops restore in progress, failed or killed: they are partial.",
        defaults: Thresholds(critical: 1), scope: .database
    ) { context in
        let rows = try context.rows(.restoreMarkers)
        let names = rows.prefix(3).map { "\($0["schema"] ?? "").\($0["table"] ?? "")" }.joined(separator: ", ")
        return Measurement(
            value: Double(rows.count), unit: "count",
            summary: rows.isEmpty
                ? "no restore marker"
                : "marked incomplete by a dbops restore in progress, failed or killed (\(names)): re-run the restore with --clean",
            details: rows.map { $0.details(["schema", "table", "created"]) })
    }

    static let longQueries = CheckDefinition(
        name: "long_queries",
        help: "Longest-running statement, in seconds (statements over the warning limit are listed).",
        defaults: Thresholds(warning: 60, critical: 300)
    ) { context in
        try sessionsPast(
            context, .healthLongQueries, fallback: 60, seconds: "seconds", none: "no statement running",
            some: "running", largest: "longest",
            details: [
                "pid", "user", "database", "application_name", "seconds", "wait_event_type", "wait_state", "query",
            ])
    }

    static let idleInTransaction = CheckDefinition(
        name: "idle_in_transaction",
        help: "Longest time a session has sat idle inside an open transaction, in seconds.",
        defaults: Thresholds(warning: 60, critical: 300)
    ) { context in
        try sessionsPast(
            context, .healthIdleInTransaction, fallback: 60, seconds: "idle_seconds",
            none: "no session idle in a transaction", some: "idle in a transaction", largest: "longest",
            details: [
                "pid", "user", "database", "application_name", "idle_seconds", "transaction_seconds", "rows_locked",
                "rows_modified", "last_query",
            ])
    }

    /// A transaction kept open for hours by statements that are each short is neither a
    /// long query nor idle, and holds back vacuum (PostgreSQL) or purge (InnoDB) all along.
    static let longTransactions = CheckDefinition(
        name: "long_transactions",
        help: "Age of the oldest open transaction of a client session, in seconds, whatever it is doing now.",
        defaults: Thresholds(warning: 3600, critical: 43_200)
    ) { context in
        try sessionsPast(
            context, .healthLongTransactions, fallback: 3600, seconds: "transaction_seconds",
            none: "no transaction open", some: "open", largest: "oldest",
            details: [
                "pid", "user", "database", "application_name", "transaction_seconds", "state", "holds_snapshot",
                "rows_locked", "rows_modified", "last_query",
            ])
    }

    /// Sessions past the lower limit (or `fallback` seconds), read by `query` with that
    /// floor as its parameter: the value is the most `seconds` among them, the summary
    /// counts them ("3 open for 1h 0m or more; oldest 2h 5m (session 42)").
    static func sessionsPast(
        _ context: CheckContext, _ query: QueryName, fallback: Double, seconds: String, none: String, some: String,
        largest: String, details: [String]
    ) throws -> Measurement {
        let floor = context.reportFloor(default: fallback)
        let rows = try context.rows(query, [.double(floor)])
        let most = rows.compactMap { $0.double(seconds) }.max() ?? 0
        let total = rows.first?.int("total") ?? 0
        let summary =
            rows.isEmpty
            ? "\(none) for \(Format.duration(floor)) or more"
            : "\(total) \(some) for \(Format.duration(floor)) or more; \(largest) \(Format.duration(most))"
                + (rows.first?["pid"].map { " (session \($0))" } ?? "")
        return Measurement(value: most, unit: "seconds", summary: summary, details: rows.map { $0.details(details) })
    }

    static let blockedSessions = CheckDefinition(
        name: "blocked_sessions",
        help: "Longest time a session has waited for a lock, in seconds; blockers are listed.",
        defaults: Thresholds(warning: 30, critical: 120)
    ) { context in
        let rows = try context.rows(.healthBlockedSessions)
        let longest = rows.compactMap { $0.double("waiting_seconds") }.max() ?? 0
        let total = rows.first?.int("total") ?? 0
        var summary = "no session is waiting for a lock"
        if let first = rows.first {
            summary = "\(total) waiting for a lock; longest \(Format.duration(longest))"
            if let pid = first["pid"] {
                summary += " (session \(pid)" + (first["blocked_by"].map { ", blocked by \($0))" } ?? ")")
            }
        }
        return Measurement(
            value: longest, unit: "seconds", summary: summary,
            details: rows.map {
                $0.details(["pid", "user", "database", "waiting_seconds", "blocked_by", "wait", "query"])
            }, metrics: ["blocked_sessions": Double(total)])
    }
}
