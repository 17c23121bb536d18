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
        let tables = try context.rows(.healthLargestTables, [.int(Int64(context.options.largestTables))])
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
        return Measurement(value: bytes, unit: "bytes", summary: summary, details: details)
    }

    static let longQueries = CheckDefinition(
        name: "long_queries",
        help: "Longest-running statement, in seconds (statements over the warning limit are listed).",
        defaults: Thresholds(warning: 60, critical: 300)
    ) { context in
        let floor = context.reportFloor(default: 60)
        let rows = try context.rows(.healthLongQueries, [.double(floor)])
        let longest = rows.compactMap { $0.double("seconds") }.max() ?? 0
        let total = rows.first?.int("total") ?? 0
        let summary =
            rows.isEmpty
            ? "no statement running for \(Format.duration(floor)) or more"
            : "\(total) running for \(Format.duration(floor)) or more; longest \(Format.duration(longest))"
                + (rows.first?["pid"].map { " (session \($0))" } ?? "")
        return Measurement(
            value: longest, unit: "seconds", summary: summary,
            details: rows.map {
                $0.details([
                    "pid", "user", "database", "application_name", "seconds", "wait_event_type", "wait_state", "query",
                ])
            })
    }

    static let idleInTransaction = CheckDefinition(
        name: "idle_in_transaction",
        help: "Longest time a session has sat idle inside an open transaction, in seconds.",
        defaults: Thresholds(warning: 60, critical: 300)
    ) { context in
        let floor = context.reportFloor(default: 60)
        let rows = try context.rows(.healthIdleInTransaction, [.double(floor)])
        let longest = rows.compactMap { $0.double("idle_seconds") }.max() ?? 0
        let total = rows.first?.int("total") ?? 0
        let summary =
            rows.isEmpty
            ? "no session idle in a transaction for \(Format.duration(floor)) or more"
            : "\(total) idle in a transaction for \(Format.duration(floor)) or more; longest \(Format.duration(longest))"
                + (rows.first?["pid"].map { " (session \($0))" } ?? "")
        return Measurement(
            value: longest, unit: "seconds", summary: summary,
            details: rows.map {
                $0.details([
                    "pid", "user", "database", "application_name", "idle_seconds",
                    "transaction_seconds", "rows_locked", "rows_modified", "last_query",
                ])
            })
    }

    /// A transaction kept open for hours by statements that are each short is neither a
    /// long query nor idle, and holds back vacuum (PostgreSQL) or purge (InnoDB) all along.
    static let longTransactions = CheckDefinition(
        name: "long_transactions",
        help: "Age of the oldest open transaction of a client session, in seconds, whatever it is doing now.",
        defaults: Thresholds(warning: 3600, critical: 43_200)
    ) { context in
        let floor = context.reportFloor(default: 3600)
        let rows = try context.rows(.healthLongTransactions, [.double(floor)])
        let oldest = rows.compactMap { $0.double("transaction_seconds") }.max() ?? 0
        let total = rows.first?.int("total") ?? 0
        let summary =
            rows.isEmpty
            ? "no transaction open for \(Format.duration(floor)) or more"
            : "\(total) open for \(Format.duration(floor)) or more; oldest \(Format.duration(oldest))"
                + (rows.first?["pid"].map { " (session \($0))" } ?? "")
        return Measurement(
            value: oldest, unit: "seconds", summary: summary,
            details: rows.map {
                $0.details([
                    "pid", "user", "database", "application_name", "transaction_seconds", "state",
                    "holds_snapshot", "rows_locked", "rows_modified", "last_query",
                ])
            })
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
