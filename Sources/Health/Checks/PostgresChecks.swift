import DBCore
import Foundation

/// Checks that only PostgreSQL has, or reads differently.
enum PostgresChecks: CheckCatalog {
    static func privilegeGrant(for user: String, refused message: String) -> String { "GRANT pg_monitor TO \(user)" }

    static var all: [CheckDefinition] {
        [
            uptime, CommonChecks.databaseSize, connections, CommonChecks.longQueries, CommonChecks.idleInTransaction,
            CommonChecks.longTransactions, CommonChecks.blockedSessions, cacheHitRatio, replication, replicationSlots,
            wraparound, invalidIndexes,
            vacuumOverdue, analyzeOverdue, sequences, CommonChecks.restoreIncomplete,
        ] + PostgresWorkloadChecks.all + PostgresBloatChecks.all + QueueChecks.all
    }

    static let uptime = CheckDefinition(
        name: "uptime",
        help: "Seconds since the server started (a limit here catches unexpected restarts).",
        defaults: Thresholds(direction: .below)
    ) { context in
        let row = try context.rows(.healthServer).first
        let seconds = row?.double("uptime_seconds") ?? 0
        let role = row?.bool("in_recovery") == true ? "replica" : "primary"
        return Measurement(
            value: seconds, unit: "seconds",
            summary: "up \(Format.duration(seconds)); \(context.connection.server.description), \(role)")
    }

    static let connections = CheckDefinition(
        name: "connections",
        help: "Client connections in use, as a percentage of max_connections minus the superuser reserve.",
        defaults: Thresholds(warning: 80, critical: 95)
    ) { context in
        guard let row = try context.rows(.healthConnections).first else { throw DBError(.serverError, "no row") }
        let used = row.double("used") ?? 0
        let usable = max(1, (row.double("max_connections") ?? 1) - (row.double("reserved") ?? 0))
        let states = try context.rows(.healthConnectionsByState)
        var metrics: [String: Double] = [:]
        for state in states {
            if let name = state["state"], let n = state.double("sessions") {
                metrics["connections_\(metricName(name))"] = n
            }
        }
        let byState = states.map { "\($0["state"] ?? "?") \($0["sessions"] ?? "0")" }.joined(separator: ", ")
        return Measurement(
            value: (used / usable * 1000).rounded() / 10, unit: "percent",
            summary: "\(Int(used)) of \(Int(usable)) usable connections" + (byState.isEmpty ? "" : " (\(byState))"),
            details: states.map { $0.details(["state", "sessions"]) }, metrics: metrics)
    }

    static let cacheHitRatio = CheckDefinition(
        name: "cache_hit_ratio",
        help: "Share of block reads served from shared buffers, in percent (judged after 10,000 reads).",
        defaults: Thresholds(warning: 90, critical: 80, direction: .below), scope: .database
    ) { context in
        let row = try context.rows(.healthCacheHit).first
        let hits = row?.double("hits") ?? 0, reads = row?.double("reads") ?? 0
        guard hits + reads >= 10_000 else {
            return Measurement(
                value: nil, unit: "percent", summary: "too few block reads to judge (\(Int(hits + reads)))")
        }
        let ratio = (hits / (hits + reads) * 10000).rounded() / 100
        return Measurement(
            value: ratio, unit: "percent",
            summary: "\(Format.number(ratio))% of \(Int(hits + reads)) block reads from shared buffers")
    }

    static let replication = CheckDefinition(
        name: "replication",
        help: "Replication lag in seconds: of this replica, or of the slowest replica of this primary.",
        defaults: Thresholds(warning: 30, critical: 300)
    ) { context in
        let inRecovery = try context.rows(.healthServer).first?.bool("in_recovery") ?? false
        if inRecovery {
            let row = try context.rows(.healthReplicaLag).first
            let seconds = row?.double("lag_seconds") ?? 0
            let bytes = row?.double("lag_bytes") ?? 0
            let receiver = row?["receiver_status"]
            var m = Measurement(
                value: seconds, unit: "seconds",
                summary:
                    "replica, \(Format.duration(seconds)) behind (\(Format.bytes(bytes)) received but not replayed)"
                    + (receiver.map { ", WAL receiver \($0)" } ?? ", no WAL receiver"),
                details: row.map { [$0.details(["lag_bytes", "lag_seconds", "receiver_status"])] } ?? [],
                metrics: ["replication_lag_bytes": bytes])
            if receiver != "streaming" { m.status = .critical }
            return m
        }
        let replicas = try context.rows(.healthReplicas)
        let worstSeconds = replicas.compactMap { $0.double("lag_seconds") }.max() ?? 0
        let worstBytes = replicas.compactMap { $0.double("lag_bytes") }.max() ?? 0
        let summary =
            replicas.isEmpty
            ? "primary, no replicas connected"
            : "primary, \(replicas.count) replica(s); slowest \(Format.duration(worstSeconds)) / \(Format.bytes(worstBytes)) behind"
        return Measurement(
            value: worstSeconds, unit: "seconds", summary: summary,
            details: replicas.map {
                $0.details(["application_name", "client", "state", "sync_state", "lag_bytes", "lag_seconds"])
            },
            metrics: ["replicas": Double(replicas.count), "replication_lag_bytes": worstBytes])
    }

    static let replicationSlots = CheckDefinition(
        name: "replication_slots",
        help:
            "WAL retained by the greediest replication slot, in bytes; an inactive slot is a warning, a lost one critical.",
        defaults: Thresholds(warning: 1_073_741_824, critical: 10_737_418_240)
    ) { context in
        let slots = try context.rows(.healthReplicationSlots)
        let retained = slots.compactMap { $0.double("retained_bytes") }.max() ?? 0
        let inactive = slots.filter { $0.bool("active") == false }
        let lost = slots.filter { $0["wal_status"] == "lost" }
        var m = Measurement(
            value: retained, unit: "bytes",
            summary: slots.isEmpty
                ? "no replication slots"
                : "\(slots.count) slot(s), \(inactive.count) inactive; most WAL retained \(Format.bytes(retained))",
            details: slots.map { $0.details(["slot_name", "slot_type", "active", "wal_status", "retained_bytes"]) },
            metrics: ["inactive_slots": Double(inactive.count)])
        if !lost.isEmpty { m.status = .critical } else if !inactive.isEmpty { m.status = .warning }
        return m
    }

    static let wraparound = CheckDefinition(
        name: "wraparound",
        help: "Oldest transaction-ID or multixact age of any database, as a percentage of the 2^31 wraparound limit.",
        defaults: Thresholds(warning: 50, critical: 75)
    ) { context in
        let rows = try context.rows(.healthWraparound)
        let limit = 2_147_483_648.0
        let xid = rows.compactMap { $0.double("xid_age") }.max() ?? 0
        let mxid = rows.compactMap { $0.double("mxid_age") }.max() ?? 0
        let percent = (max(xid, mxid) / limit * 10000).rounded() / 100
        let oldest = rows.first?["database"] ?? "?"
        return Measurement(
            value: percent, unit: "percent",
            summary:
                "oldest xid age \(Int(xid)) (\(oldest)), multixact age \(Int(mxid)): \(Format.number(percent))% of the way to wraparound",
            details: rows.prefix(5).map { $0.details(["database", "xid_age", "mxid_age"]) },
            metrics: ["xid_age": xid, "mxid_age": mxid])
    }

    static let invalidIndexes = CheckDefinition(
        name: "invalid_indexes",
        help: "Number of invalid indexes (failed CREATE INDEX CONCURRENTLY): they slow writes and serve no reads.",
        defaults: Thresholds(warning: 1), scope: .database
    ) { context in
        let rows = try context.rows(.healthInvalidIndexes)
        let names = rows.prefix(3).map { "\($0["schema"] ?? "").\($0["index"] ?? "")" }.joined(separator: ", ")
        return Measurement(
            value: Double(rows.count), unit: "count",
            summary: rows.isEmpty ? "no invalid indexes" : "\(rows.count) invalid: \(names); drop or REINDEX them",
            details: rows.map { $0.details(["schema", "table", "index", "bytes"]) })
    }

    /// Tables past autovacuum's trigger point and not vacuumed (or analyzed) within the
    /// last hour: autovacuum is off for them, blocked, or not keeping up.
    static func overdue(_ context: CheckContext, due: String, age: String, verb: String) throws -> Measurement {
        let rows = try context.shared.postgresMaintenance().filter { row in
            guard row.bool(due) == true else { return false }
            guard let seconds = row.double(age) else { return true }
            return seconds > 3600
        }
        let names = rows.prefix(3).map { "\($0["schema"] ?? "").\($0["table"] ?? "")" }.joined(separator: ", ")
        return Measurement(
            value: Double(rows.count), unit: "count",
            summary: rows.isEmpty
                ? "no table overdue for \(verb)"
                : "\(rows.count) table(s) past the autovacuum trigger and not \(verb)d in the last hour: \(names)",
            details: rows.map {
                $0.details([
                    "schema", "table", "live_rows", "dead_rows", "changed_rows",
                    "vacuum_age_seconds", "analyze_age_seconds", "autovacuum_enabled",
                ])
            })
    }

    static let vacuumOverdue = CheckDefinition(
        name: "vacuum_overdue",
        help: "Tables whose dead rows passed autovacuum's trigger and that were not vacuumed in the last hour.",
        defaults: Thresholds(warning: 1), scope: .database
    ) { try overdue($0, due: "vacuum_due", age: "vacuum_age_seconds", verb: "vacuum") }

    static let analyzeOverdue = CheckDefinition(
        name: "analyze_overdue",
        help: "Tables whose changed rows passed autoanalyze's trigger and that were not analyzed in the last hour.",
        defaults: Thresholds(warning: 1), scope: .database
    ) { try overdue($0, due: "analyze_due", age: "analyze_age_seconds", verb: "analyze") }

    static let sequences = CheckDefinition(
        name: "sequences",
        help: "Highest share of its range (or of the column it feeds) any sequence has used, in percent.",
        defaults: Thresholds(warning: 75, critical: 90), scope: .database
    ) { context in
        let rows = try context.rows(.healthSequences)
        // Rows come most used first, the ones this role may not read (no percent) last.
        let top = rows.first { $0.double("percent_used") != nil }
        let percent = top?.double("percent_used") ?? 0
        var summary =
            top.map {
                "\($0["schema"] ?? "").\($0["sequence"] ?? "") has used \(Format.number(percent))% of its range"
            } ?? (rows.isEmpty ? "no sequences" : "no sequence this role may read")
        // pg_monitor does not grant reading sequences: one it may not read is not at 0%,
        // its use is unknown, and a check that said OK would hide a sequence running out.
        let unreadable = Int(rows.first?.double("unreadable") ?? 0)
        if unreadable > 0 {
            summary +=
                "; \(unreadable) sequence(s) this role may not read, their use unknown: GRANT SELECT ON ALL SEQUENCES IN SCHEMA <schema> TO \(context.connection.config.user ?? "<user>")"
        }
        return Measurement(
            value: percent, unit: "percent", summary: summary,
            details: rows.map {
                $0.details([
                    "schema", "sequence", "table", "column", "sequence_type", "last_value", "effective_max",
                    "percent_used",
                ])
            },
            status: unreadable > 0 ? .unknown : nil)
    }
}

/// "idle in transaction" -> "idle_in_transaction".
func metricName(_ text: String) -> String {
    String(text.lowercased().map { $0.isLetter || $0.isNumber ? $0 : "_" })
}
