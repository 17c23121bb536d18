import DBCore
import Foundation

/// The essentials mysqltuner reports, as checks with limits and reasons: the server's
/// caches and buffers against what its workload asks of them, its connection headroom,
/// deadlocks, binary log retention, a writable replica, fragmented tables and the query
/// cache. Counters are since the server started (SHOW GLOBAL STATUS).
enum MySQLTunerChecks {
    static var all: [CheckDefinition] {
        [
            bufferPoolSize, redoLogSize, threadCache, tableOpenCache, slowQueries, sortBuffers, maxUsedConnections,
            deadlocks, binlogRetention, replicaReadOnly, fragmentation, queryCache,
        ]
    }

    static func status(_ context: CheckContext, _ name: String) throws -> Double {
        try MySQLChecks.status(context, name)
    }

    static func variable(_ context: CheckContext, _ name: String) throws -> String? {
        try context.shared.mysqlVariables()[name.lowercased()]
    }

    static let bufferPoolSize = CheckDefinition(
        name: "buffer_pool_size",
        help:
            "innodb_buffer_pool_size as a percentage of the InnoDB data and indexes (below 100: the working set may not fit).",
        defaults: Thresholds(warning: 100, direction: .below)
    ) { context in
        let pool = Double(try variable(context, "innodb_buffer_pool_size") ?? "") ?? 0
        let data = try context.rows(.healthInnodbSize).first?.double("innodb_bytes") ?? 0
        guard data >= 16 * 1_048_576 else {
            return Measurement(
                value: nil, unit: "percent",
                summary: "buffer pool \(Format.bytes(pool)); InnoDB holds only \(Format.bytes(data))")
        }
        let percent = (pool / data * 1000).rounded() / 10
        return Measurement(
            value: percent, unit: "percent",
            summary: "buffer pool \(Format.bytes(pool)) for \(Format.bytes(data)) of InnoDB data and indexes"
                + (percent < 100 ? ": raise innodb_buffer_pool_size if the hot data does not fit" : ""),
            metrics: ["innodb_bytes": data, "innodb_buffer_pool_size": pool])
    }

    static let redoLogSize = CheckDefinition(
        name: "redo_log_size",
        help:
            "Minutes of writes the redo log holds at the average write rate since start (under an hour: checkpoints flush too often).",
        defaults: Thresholds(warning: 60, critical: 15, direction: .below)
    ) { context in
        let size =
            (Double(try variable(context, "innodb_log_file_size") ?? "") ?? 0)
            * (Double(try variable(context, "innodb_log_files_in_group") ?? "1") ?? 1)
        let written = try status(context, "Innodb_os_log_written"), uptime = try status(context, "Uptime")
        // Judged once enough is written to be a rate rather than a start-up burst.
        guard written >= 64 * 1_048_576, uptime >= 60 else {
            return Measurement(
                value: nil, unit: "minutes",
                summary: "redo log \(Format.bytes(size)); too little written so far to judge (\(Format.bytes(written)))"
            )
        }
        let minutes = (size / (written / uptime) / 60).rounded()
        return Measurement(
            value: minutes, unit: "minutes",
            summary:
                "redo log \(Format.bytes(size)) holds \(Int(minutes)) minutes of writes at \(Format.bytes(written / uptime * 3600))/h"
                + (minutes < 60 ? ": raise innodb_log_file_size to about an hour of writes" : ""))
    }

    static let threadCache = CheckDefinition(
        name: "thread_cache",
        help:
            "Thread cache hit rate: connections served by a cached thread, in percent (judged after 100 connections).",
        defaults: Thresholds(warning: 50, direction: .below)
    ) { context in
        let created = try status(context, "Threads_created"), connections = try status(context, "Connections")
        guard connections >= 100 else {
            return Measurement(
                value: nil, unit: "percent", summary: "too few connections to judge (\(Int(connections)))")
        }
        let rate = ((1 - created / connections) * 1000).rounded() / 10
        let size = try variable(context, "thread_cache_size") ?? "?"
        return Measurement(
            value: rate, unit: "percent",
            summary:
                "\(Format.number(rate))% of \(Int(connections)) connections reused a thread (thread_cache_size \(size))"
                + (rate < 50 ? ": raise thread_cache_size" : ""))
    }

    static let tableOpenCache = CheckDefinition(
        name: "table_open_cache",
        help:
            "Table open cache hit rate, in percent (judged after 10,000 opens); low means table_open_cache is too small.",
        defaults: Thresholds(warning: 80, direction: .below)
    ) { context in
        let hits = try status(context, "Table_open_cache_hits"), misses = try status(context, "Table_open_cache_misses")
        guard hits + misses >= 10_000 else {
            return Measurement(
                value: nil, unit: "percent", summary: "too few table opens to judge (\(Int(hits + misses)))")
        }
        let rate = (hits / (hits + misses) * 1000).rounded() / 10
        let size = try variable(context, "table_open_cache") ?? "?"
        return Measurement(
            value: rate, unit: "percent",
            summary: "\(Format.number(rate))% of table opens from the cache (table_open_cache \(size))"
                + (rate < 80 ? ": raise table_open_cache" : ""))
    }

    static let slowQueries = CheckDefinition(
        name: "slow_query_share",
        help:
            "Slow_queries as a percentage of all statements (long_query_time decides what is slow; judged after 1,000).",
        defaults: Thresholds(warning: 5, critical: 20)
    ) { context in
        let slow = try status(context, "Slow_queries"), questions = try status(context, "Questions")
        guard questions >= 1000 else {
            return Measurement(value: nil, unit: "percent", summary: "too few statements to judge (\(Int(questions)))")
        }
        let share = (slow / questions * 10000).rounded() / 100
        return Measurement(
            value: share, unit: "percent",
            summary:
                "\(Int(slow)) of \(Int(questions)) statements slower than long_query_time (\(try variable(context, "long_query_time") ?? "?") s)"
        )
    }

    static let sortBuffers = CheckDefinition(
        name: "sort_buffers",
        help:
            "Sorts that needed merge passes (sort_buffer_size too small for them), in percent of sorts (judged after 1,000); joins without an index in details.",
        defaults: Thresholds(warning: 10, critical: 50)
    ) { context in
        let passes = try status(context, "Sort_merge_passes")
        let sorts = try status(context, "Sort_scan") + status(context, "Sort_range")
        let fullJoins = try status(context, "Select_full_join")
        let joinNote =
            fullJoins > 0
            ? "; \(Int(fullJoins)) joins without an index (join_buffer_size \(try variable(context, "join_buffer_size") ?? "?") will not fix them: add the index)"
            : ""
        guard sorts >= 1000 else {
            return Measurement(
                value: nil, unit: "percent", summary: "too few sorts to judge (\(Int(sorts)))\(joinNote)",
                metrics: ["select_full_join": fullJoins])
        }
        let share = (passes / sorts * 1000).rounded() / 10
        return Measurement(
            value: share, unit: "percent",
            summary:
                "\(Int(passes)) merge passes for \(Int(sorts)) sorts (sort_buffer_size \(try variable(context, "sort_buffer_size") ?? "?"))\(joinNote)",
            metrics: ["select_full_join": fullJoins])
    }

    static let maxUsedConnections = CheckDefinition(
        name: "max_used_connections",
        help: "The most connections open at once since start, as a percentage of max_connections.",
        defaults: Thresholds(warning: 85, critical: 100)
    ) { context in
        let used = try status(context, "Max_used_connections")
        let maximum = max(1, Double(try variable(context, "max_connections") ?? "") ?? 1)
        let percent = (used / maximum * 1000).rounded() / 10
        return Measurement(
            value: percent, unit: "percent",
            summary: "at most \(Int(used)) of \(Int(maximum)) connections in use at once since start")
    }

    static let deadlocks = CheckDefinition(
        name: "deadlocks",
        help: "InnoDB deadlocks since the server started (each rolled a transaction back); no limits by default.",
        defaults: Thresholds()
    ) { context in
        let count = try status(context, "Innodb_deadlocks")
        let uptime = max(1, try status(context, "Uptime"))
        return Measurement(
            value: count, unit: "count",
            summary:
                "\(Int(count)) deadlock(s) in \(Format.duration(uptime)), \(Format.number(count / uptime * 86400)) a day"
                + (count > 0 ? "; SHOW ENGINE INNODB STATUS shows the latest" : ""))
    }

    static let binlogRetention = CheckDefinition(
        name: "binlog_retention",
        help:
            "How long binary logs are kept, in seconds: too short for a lagging replica or point-in-time recovery below a day; never expiring fills the disk.",
        defaults: Thresholds(warning: 86400, direction: .below)
    ) { context in
        guard try variable(context, "log_bin") == "ON" else {
            return Measurement(value: nil, unit: "seconds", summary: "binary log off")
        }
        var seconds = Double(try variable(context, "binlog_expire_logs_seconds") ?? "") ?? 0
        if seconds == 0 { seconds = (Double(try variable(context, "expire_logs_days") ?? "") ?? 0) * 86400 }
        guard seconds > 0 else {
            var m = Measurement(
                value: nil, unit: "seconds",
                summary:
                    "binary logs never expire: set binlog_expire_logs_seconds longer than any replica may lag, or the disk fills"
            )
            m.status = .warning
            return m
        }
        return Measurement(value: seconds, unit: "seconds", summary: "binary logs kept \(Format.duration(seconds))")
    }

    static let replicaReadOnly = CheckDefinition(
        name: "replica_read_only",
        help: "A replica that accepts writes (read_only OFF) is a WARNING: one stray write breaks replication.",
        defaults: Thresholds()
    ) { context in
        guard !(try context.rows(.healthReplicaStatus)).isEmpty else {
            return Measurement(value: nil, unit: nil, summary: "not a replica")
        }
        let readOnly = try variable(context, "read_only") ?? "OFF"
        var m = Measurement(
            value: nil, unit: nil,
            summary: readOnly == "ON"
                ? "replica, read_only ON"
                : "replica with read_only OFF: any client with write privileges can break replication; SET GLOBAL read_only = ON"
        )
        if readOnly != "ON" { m.status = .warning }
        return m
    }

    static let fragmentation = CheckDefinition(
        name: "fragmentation",
        help:
            "Largest share of free space (data_free) in a table with at least 64 MiB free, in percent; OPTIMIZE TABLE reclaims it.",
        defaults: Thresholds(warning: 25, critical: 50)
    ) { context in
        let rows = try context.rows(.healthFragmentedTables)
        let worst = rows.first?.double("free_percent") ?? 0
        return Measurement(
            value: worst, unit: "percent",
            summary: rows.first.map {
                "\($0["schema"] ?? "").\($0["table"] ?? "") is \(Format.number(worst))% free space (\(Format.bytes($0.double("free_bytes") ?? 0))); OPTIMIZE TABLE reclaims it"
            } ?? "no table with 64 MiB or more of free space",
            details: rows.map { $0.details(["schema", "table", "bytes", "free_bytes", "free_percent"]) })
    }

    static let queryCache = CheckDefinition(
        name: "query_cache",
        help:
            "The query cache on (query_cache_type and query_cache_size) is a WARNING: one mutex serialises it, every write invalidates it; MySQL 8 removed it.",
        defaults: Thresholds()
    ) { context in
        guard let type = try variable(context, "query_cache_type") else {
            return Measurement(value: nil, unit: nil, summary: "no query cache on this server (MySQL 8 removed it)")
        }
        let size = Double(try variable(context, "query_cache_size") ?? "") ?? 0
        guard type != "OFF", size > 0 else {
            return Measurement(value: nil, unit: nil, summary: "query cache off, as it should be")
        }
        var m = Measurement(
            value: nil, unit: nil,
            summary:
                "query cache on (\(type), \(Format.bytes(size))): under writes it serialises on one mutex and is invalidated constantly; set query_cache_type = OFF and query_cache_size = 0, and cache in the application"
        )
        m.status = .warning
        return m
    }
}
