import DBCore
import Foundation

/// Checks that only MySQL/MariaDB have, or read differently.
enum MySQLChecks: CheckCatalog {
    /// PROCESS covers the session and InnoDB checks; replica and binary log status need
    /// another privilege (MariaDB: SLAVE MONITOR, BINLOG MONITOR; MySQL: REPLICATION
    /// CLIENT), which the server's refusal names: "you need (at least one of) the SUPER,
    /// SLAVE MONITOR privilege(s)". The first it names other than SUPER is granted.
    static func privilegeGrant(for user: String, refused message: String) -> String {
        var privilege = "PROCESS"
        if let need = message.range(of: "you need"),
            let start = message.range(of: "the ", range: need.upperBound..<message.endIndex),
            let end = message.range(of: " privilege", range: start.upperBound..<message.endIndex)
        {
            let named = message[start.upperBound..<end.lowerBound].split(separator: ",").map {
                $0.trimmingCharacters(in: .whitespaces)
            }
            if let wanted = named.first(where: { $0 != "SUPER" && !$0.isEmpty }) { privilege = wanted }
        }
        return "GRANT \(privilege) ON *.* TO '\(user)'@'<host>'"
    }

    static var all: [CheckDefinition] {
        [
            uptime, CommonChecks.databaseSize, connections, threadsRunning, CommonChecks.longQueries,
            CommonChecks.idleInTransaction, CommonChecks.longTransactions, CommonChecks.blockedSessions, cacheHitRatio,
            replication,
            abortedConnections, historyListLength, tmpDiskTables, autoIncrement, MariaDBSequences.check,
            CommonChecks.restoreIncomplete,
        ] + MySQLTunerChecks.all + GaleraChecks.all + QueueChecks.all
    }

    static func status(_ context: CheckContext, _ name: String) throws -> Double {
        guard let text = try context.shared.mysqlStatus()[name.lowercased()], let value = Double(text) else {
            throw DBError(.undefinedObject, "status variable \(name) is not available on this server")
        }
        return value
    }

    static let uptime = CheckDefinition(
        name: "uptime",
        help: "Seconds since the server started (a limit here catches unexpected restarts).",
        defaults: Thresholds(direction: .below)
    ) { context in
        let seconds = try status(context, "Uptime")
        let readOnly = try context.shared.mysqlVariables()["read_only"] == "ON"
        return Measurement(
            value: seconds, unit: "seconds",
            summary:
                "up \(Format.duration(seconds)); \(context.connection.server.description)\(readOnly ? ", read-only" : "")"
        )
    }

    static let connections = CheckDefinition(
        name: "connections",
        help: "Threads_connected as a percentage of max_connections.",
        defaults: Thresholds(warning: 80, critical: 95)
    ) { context in
        let connected = try status(context, "Threads_connected")
        let maximum = max(1, Double(try context.shared.mysqlVariables()["max_connections"] ?? "") ?? 1)
        let states = try context.rows(.healthConnectionsByState)
        var metrics: [String: Double] = ["max_used_connections": try status(context, "Max_used_connections")]
        for state in states {
            if let name = state["state"], let n = state.double("sessions") {
                metrics["connections_\(metricName(name))"] = n
            }
        }
        let byState = states.map { "\($0["state"] ?? "?") \($0["sessions"] ?? "0")" }.joined(separator: ", ")
        return Measurement(
            value: (connected / maximum * 1000).rounded() / 10, unit: "percent",
            summary: "\(Int(connected)) of \(Int(maximum)) connections" + (byState.isEmpty ? "" : " (\(byState))"),
            details: states.map { $0.details(["state", "sessions"]) }, metrics: metrics)
    }

    static let threadsRunning = CheckDefinition(
        name: "threads_running",
        help: "Threads_running: statements executing right now.",
        defaults: Thresholds(warning: 20, critical: 50)
    ) { context in
        let running = try status(context, "Threads_running")
        return Measurement(value: running, unit: "count", summary: "\(Int(running)) threads running")
    }

    static let cacheHitRatio = CheckDefinition(
        name: "cache_hit_ratio",
        help: "Share of InnoDB page reads served from the buffer pool, in percent (judged after 10,000 reads).",
        defaults: Thresholds(warning: 90, critical: 80, direction: .below)
    ) { context in
        let requests = try status(context, "Innodb_buffer_pool_read_requests")
        let disk = try status(context, "Innodb_buffer_pool_reads")
        guard requests >= 10_000 else {
            return Measurement(
                value: nil, unit: "percent", summary: "too few buffer pool reads to judge (\(Int(requests)))")
        }
        let ratio = ((1 - disk / requests) * 10000).rounded() / 100
        return Measurement(
            value: ratio, unit: "percent",
            summary: "\(Format.number(ratio))% of \(Int(requests)) page reads from the buffer pool")
    }

    static let replication = CheckDefinition(
        name: "replication",
        help: "Seconds this replica is behind its source; a stopped replica thread is critical.",
        defaults: Thresholds(warning: 30, critical: 300)
    ) { context in
        let replica = try context.rows(.healthReplicaStatus)
        if let row = replica.first {
            // MariaDB and MySQL before 8.0.22 say Slave/Master; newer MySQL says Replica/Source.
            let io = row["Slave_IO_Running"] ?? row["Replica_IO_Running"] ?? "?"
            let sql = row["Slave_SQL_Running"] ?? row["Replica_SQL_Running"] ?? "?"
            let behind = (row["Seconds_Behind_Master"] ?? row["Seconds_Behind_Source"]).flatMap(Double.init)
            let lastError = row["Last_Error"] ?? row["Last_SQL_Error"] ?? ""
            var m = Measurement(
                value: behind, unit: "seconds",
                summary: "replica; IO thread \(io), SQL thread \(sql)"
                    + (behind.map { ", \(Format.duration($0)) behind" } ?? ", lag unknown")
                    + (lastError.isEmpty ? "" : "; last error: \(lastError)"),
                details: [
                    row.details([
                        "Master_Host", "Source_Host", "Slave_IO_Running", "Slave_SQL_Running",
                        "Seconds_Behind_Master", "Last_Error",
                    ])
                ])
            if io != "Yes" || sql != "Yes" { m.status = .critical }
            return m
        }
        let dumps = try context.rows(.healthBinlogDumpThreads)
        let binlog = try context.shared.mysqlVariables()["log_bin"] == "ON"
        let summary =
            dumps.isEmpty
            ? "not a replica; no replicas connected" + (binlog ? "" : " (binary log off)")
            : "primary with \(dumps.count) replica(s) connected"
        return Measurement(
            value: 0, unit: "seconds", summary: summary,
            details: dumps.map { $0.details(["pid", "replica", "connected_seconds", "state"]) },
            metrics: ["replicas": Double(dumps.count)])
    }

    static let abortedConnections = CheckDefinition(
        name: "aborted_connections",
        help:
            "Failed connection attempts (Aborted_connects) as a percentage of all attempts since start (judged after 100).",
        defaults: Thresholds(warning: 10, critical: 25)
    ) { context in
        let aborted = try status(context, "Aborted_connects")
        let clients = try status(context, "Aborted_clients")
        let attempts = try status(context, "Connections")
        let metrics = ["aborted_connects": aborted, "aborted_clients": clients, "connections_total": attempts]
        guard attempts >= 100 else {
            return Measurement(
                value: nil, unit: "percent",
                summary: "\(Int(aborted)) of \(Int(attempts)) connection attempts failed (too few to judge)",
                metrics: metrics)
        }
        let percent = (aborted / attempts * 1000).rounded() / 10
        return Measurement(
            value: percent, unit: "percent",
            summary:
                "\(Int(aborted)) of \(Int(attempts)) connection attempts failed; \(Int(clients)) clients dropped without closing",
            metrics: metrics)
    }

    static let historyListLength = CheckDefinition(
        name: "history_list_length",
        help: "InnoDB history list length: undo records waiting for purge (long transactions hold it up).",
        defaults: Thresholds(warning: 100_000, critical: 1_000_000)
    ) { context in
        guard let length = try context.rows(.healthHistoryListLength).first?.double("history_list_length") else {
            throw DBError(
                .undefinedObject,
                "the history list length is not exposed by this server (INNODB_METRICS trx_rseg_history_len is disabled)"
            )
        }
        return Measurement(value: length, unit: "count", summary: "\(Int(length)) undo records waiting for purge")
    }

    static let tmpDiskTables = CheckDefinition(
        name: "tmp_disk_tables",
        help: "Internal temporary tables that went to disk, as a percentage of all (judged after 100).",
        defaults: Thresholds(warning: 25, critical: 50)
    ) { context in
        let total = try status(context, "Created_tmp_tables")
        let disk = try status(context, "Created_tmp_disk_tables")
        guard total >= 100 else {
            return Measurement(
                value: nil, unit: "percent",
                summary: "\(Int(disk)) of \(Int(total)) temporary tables on disk (too few to judge)")
        }
        let percent = (disk / total * 1000).rounded() / 10
        return Measurement(
            value: percent, unit: "percent", summary: "\(Int(disk)) of \(Int(total)) temporary tables went to disk")
    }

    static let autoIncrement = CheckDefinition(
        name: "auto_increment",
        help: "Highest share of its column type's range any AUTO_INCREMENT counter has used, in percent.",
        defaults: Thresholds(warning: 75, critical: 90), scope: .database
    ) { context in
        if context.connection.server.flavor == .mysql {
            // MySQL 8 caches information_schema.TABLES.AUTO_INCREMENT for a day by default.
            try? context.connection.executeScript(.healthFreshTableStatistics)
        }
        let rows = try context.rows(.healthAutoIncrement)
        // Most used first; counters whose column this user may not see (no percent) last.
        let top = rows.first { $0.double("percent_used") != nil }
        let percent = top?.double("percent_used") ?? 0
        var summary =
            top.map {
                "\($0["schema"] ?? "").\($0["table"] ?? "").\($0["column"] ?? "") (\($0["column_type"] ?? "")) has used \(Format.number(percent))% of its range"
            } ?? (rows.isEmpty ? "no AUTO_INCREMENT columns" : nil)
        // A counter on a column the user may not see is not at 0%: its use is unknown.
        let unreadable = Int(rows.first?.double("unreadable") ?? 0)
        if unreadable > 0 {
            let user = context.connection.config.user ?? "<user>"
            let hidden =
                "\(unreadable) AUTO_INCREMENT counter(s) on columns this user may not see, their use unknown (information_schema.COLUMNS lists only columns it holds a privilege on): GRANT SELECT ON <schema>.* TO '\(user)'@'<host>'"
            summary = summary.map { "\($0); \(hidden)" } ?? hidden
        }
        return Measurement(
            value: percent, unit: "percent", summary: summary ?? "",
            details: rows.map {
                $0.details(["schema", "table", "column", "column_type", "next_value", "max_value", "percent_used"])
            },
            status: unreadable > 0 ? .unknown : nil)
    }
}
