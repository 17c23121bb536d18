import DBCore
import Foundation

/// PostgreSQL checks of what the server does over time and how it is set up, as
/// check_postgres and pghero cover them: two-phase transactions, locks, WAL archiving,
/// checkpoints, transactions and temporary files, pg_stat_statements' room, unsafe
/// settings.
enum PostgresWorkloadChecks {
    static var all: [CheckDefinition] {
        [
            preparedTransactions, lockWaits, exclusiveLocks, archiving, checkpoints, commitRatio, tempFiles,
            statementsFill, riskySettings,
        ]
    }

    static let preparedTransactions = CheckDefinition(
        name: "prepared_transactions",
        help:
            "Age of the oldest prepared (two-phase) transaction, in seconds: it keeps its locks and holds back VACUUM.",
        defaults: Thresholds(warning: 300, critical: 3600)
    ) { context in
        let rows = try context.rows(.healthPreparedTransactions)
        let oldest = rows.first?.double("age_seconds") ?? 0
        return Measurement(
            value: oldest, unit: "seconds",
            summary: rows.isEmpty
                ? "no prepared transactions"
                : "\(rows.count) prepared transaction(s), the oldest '\(rows[0]["gid"] ?? "")' for \(Format.duration(oldest)); COMMIT PREPARED or ROLLBACK PREPARED it",
            details: rows.prefix(10).map { $0.details(["gid", "owner", "database", "age_seconds"]) },
            metrics: ["prepared_transactions": Double(rows.count)])
    }

    static let lockWaits = CheckDefinition(
        name: "lock_waits",
        help: "Lock requests waiting to be granted right now (blocked_sessions names who blocks them).",
        defaults: Thresholds(warning: 10, critical: 50)
    ) { context in
        let row = try context.rows(.healthLockWaits).first
        let waiting = row?.double("waiting") ?? 0
        let longest = row?.double("longest_wait_seconds") ?? 0
        return Measurement(
            value: waiting, unit: "count",
            summary: waiting == 0
                ? "no lock requests waiting"
                : "\(Int(waiting)) lock request(s) waiting in \(Int(row?.double("waiting_sessions") ?? 0)) session(s), the longest for \(Format.duration(longest))",
            metrics: ["longest_lock_wait_seconds": longest])
    }

    static let exclusiveLocks = CheckDefinition(
        name: "exclusive_locks",
        help:
            "How long the oldest ACCESS EXCLUSIVE table lock has been held at most (its transaction's age), in seconds: it blocks every read.",
        defaults: Thresholds(warning: 60, critical: 300), scope: .database
    ) { context in
        let rows = try context.rows(.healthExclusiveLocks)
        let seconds = rows.first?.double("seconds") ?? 0
        let top = rows.first.map { "\($0["schema"] ?? "").\($0["relation"] ?? "") by pid \($0["pid"] ?? "?")" }
        return Measurement(
            value: seconds, unit: "seconds",
            summary: top.map { "\(rows.count) ACCESS EXCLUSIVE lock(s); \($0) for up to \(Format.duration(seconds))" }
                ?? "no ACCESS EXCLUSIVE table locks held",
            details: rows.prefix(10).map {
                $0.details(["pid", "schema", "relation", "user", "state", "seconds", "query"])
            })
    }

    static let archiving = CheckDefinition(
        name: "wal_archiving",
        help: "WAL segments waiting to be archived; WARNING while archive_command is failing (pg_stat_archiver).",
        defaults: Thresholds(warning: 10, critical: 100)
    ) { context in
        guard let row = try context.rows(.healthArchiver).first, row["archive_mode"] != "off" else {
            return Measurement(value: nil, unit: "count", summary: "archive_mode is off: WAL is not archived")
        }
        let waiting = row.double("waiting_segments") ?? 0
        let failing = row.bool("failing") == true
        let age = row.double("last_archived_age_seconds")
        var m = Measurement(
            value: waiting, unit: "count",
            summary: (failing
                ? "archive_command is failing (last failure \(row["last_failed_wal"] ?? "?"), \(Int(row.double("failed_count") ?? 0)) failures counted); "
                : "")
                + "\(Int(waiting)) segment(s) waiting; last archived "
                + (age.map { "\(Format.duration($0)) ago" } ?? "never"),
            details: [
                row.details([
                    "archived_count", "failed_count", "last_archived_wal", "last_failed_wal",
                    "last_archived_age_seconds",
                ])
            ],
            metrics: ["archive_failed_count": row.double("failed_count") ?? 0])
        if failing { m.status = .warning }
        return m
    }

    static let checkpoints = CheckDefinition(
        name: "checkpoints",
        help:
            "Share of checkpoints requested (WAL filled max_wal_size) rather than timed, in percent (judged after 10).",
        defaults: Thresholds(warning: 30, critical: 60)
    ) { context in
        let row = try context.rows(.healthCheckpoints).first
        let timed = row?.double("checkpoints_timed") ?? 0, requested = row?.double("checkpoints_req") ?? 0
        let size = row?["max_wal_size"] ?? "?"
        guard timed + requested >= 10 else {
            return Measurement(
                value: nil, unit: "percent", summary: "too few checkpoints to judge (\(Int(timed + requested)))")
        }
        let share = (requested / (timed + requested) * 1000).rounded() / 10
        return Measurement(
            value: share, unit: "percent",
            summary: "\(Int(requested)) of \(Int(timed + requested)) checkpoints requested, not timed"
                + (share >= 30
                    ? "; max_wal_size (\(size)) is too small for the write rate" : " (max_wal_size \(size))"),
            metrics: ["checkpoints_timed": timed, "checkpoints_requested": requested])
    }

    static let commitRatio = CheckDefinition(
        name: "commit_ratio",
        help:
            "Share of this database's transactions that committed rather than rolled back, in percent (judged after 1,000).",
        defaults: Thresholds(warning: 90, critical: 75, direction: .below), scope: .database
    ) { context in
        let row = try context.rows(.healthTransactions).first
        let commits = row?.double("xact_commit") ?? 0, rollbacks = row?.double("xact_rollback") ?? 0
        guard commits + rollbacks >= 1000 else {
            return Measurement(
                value: nil, unit: "percent", summary: "too few transactions to judge (\(Int(commits + rollbacks)))")
        }
        let ratio = (commits / (commits + rollbacks) * 1000).rounded() / 10
        return Measurement(
            value: ratio, unit: "percent",
            summary:
                "\(Format.number(ratio))% of \(Int(commits + rollbacks)) transactions committed; \(Int(rollbacks)) rolled back",
            metrics: ["xact_commit": commits, "xact_rollback": rollbacks])
    }

    static let tempFiles = CheckDefinition(
        name: "temp_files",
        help:
            "Bytes of temporary files this database writes per hour (sorts and hashes past work_mem), averaged since its statistics were reset.",
        defaults: Thresholds(warning: 1_073_741_824, critical: 10_737_418_240), scope: .database
    ) { context in
        let row = try context.rows(.healthTransactions).first
        let bytes = row?.double("temp_bytes") ?? 0, files = row?.double("temp_files") ?? 0
        let hours = max(1.0 / 60, (row?.double("since_seconds") ?? 3600) / 3600)
        let perHour = (bytes / hours).rounded()
        return Measurement(
            value: perHour, unit: "bytes",
            summary:
                "\(Format.bytes(perHour)) of temporary files an hour (\(Int(files)) files, \(Format.bytes(bytes)) in \(Format.duration(hours * 3600))); raise work_mem for the queries that spill",
            metrics: ["temp_files": files, "temp_bytes": bytes])
    }

    static let statementsFill = CheckDefinition(
        name: "statements_fill",
        help:
            "pg_stat_statements entries as a percentage of pg_stat_statements.max; entries thrown out to make room are listed.",
        defaults: Thresholds(warning: 95)
    ) { context in
        guard let schema = try context.rows(.healthStatementsExtension).first?["schema"] else {
            return Measurement(
                value: nil, unit: "percent", summary: "pg_stat_statements is not installed in this database")
        }
        let sql = try SQLTemplate.named(.healthStatementsFill, server: context.connection.server).render(
            dialect: context.connection.dialect, identifiers: ["schema": schema])
        guard let row = try context.connection.query(sql.sql).first else { throw DBError(.serverError, "no row") }
        let entries = row.double("entries") ?? 0, maximum = max(1, row.double("max_entries") ?? 1)
        let evicted = row.double("deallocations") ?? 0
        let percent = (entries / maximum * 1000).rounded() / 10
        return Measurement(
            value: percent, unit: "percent",
            summary: "\(Int(entries)) of \(Int(maximum)) statements tracked"
                + (evicted > 0
                    ? "; \(Int(evicted)) eviction(s) since its reset: raise pg_stat_statements.max so statistics are not lost"
                    : ""),
            metrics: ["statements_deallocations": evicted])
    }

    static let riskySettings = CheckDefinition(
        name: "risky_settings",
        help:
            "Settings that can lose or corrupt data on a crash: fsync or full_page_writes off, zero_damaged_pages or ignore_checksum_failure on.",
        defaults: Thresholds(warning: 1)
    ) { context in
        let rows = try context.rows(.healthRiskySettings)
        return Measurement(
            value: Double(rows.count), unit: "count",
            summary: rows.isEmpty
                ? "fsync, full_page_writes and the page-checking settings are safe"
                : rows.map { "\($0["name"] ?? "") = \($0["setting"] ?? "") (from \($0["source"] ?? "?"))" }.joined(
                    separator: ", ") + ": a crash can lose or corrupt data",
            details: rows.map { $0.details(["name", "setting", "source"]) })
    }
}
