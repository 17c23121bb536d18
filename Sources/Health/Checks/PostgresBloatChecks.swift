import DBCore
import Foundation

/// Bloat estimated from planner statistics, as check_postgres and pghero estimate it: no
/// extension, no read of the tables themselves.
enum PostgresBloatChecks {
    static var all: [CheckDefinition] { [tableBloat, indexBloat] }

    static func measure(_ rows: [Row], what: String, columns: [String], user: String?) -> Measurement {
        // Rows come most bloated first; those whose statistics this role may not read (no
        // estimate) last.
        let judged = rows.filter { $0.double("bloat_bytes") != nil }
        let worst = judged.first?.double("bloat_bytes") ?? 0
        let top = judged.first.map {
            "\($0["schema"] ?? "").\($0[what] ?? ""): about \(Format.bytes(worst)) (\($0["bloat_percent"] ?? "?")%) wasted"
        }
        // pg_stats shows a role only the columns it may SELECT: a large table it may not
        // read is not free of bloat, its bloat is unknown.
        let unreadable = Int(rows.first?.double("unreadable") ?? 0)
        var parts: [String] = []
        if let top {
            parts.append(
                worst > 0
                    ? "\(top); VACUUM FULL, pg_repack or REINDEX CONCURRENTLY reclaims it"
                    : "no measurable \(what) bloat")
        } else if unreadable == 0 {
            parts.append("no \(what) large enough to judge (with statistics)")
        }
        if unreadable > 0 {
            let noun = unreadable == 1 ? what : what == "index" ? "indexes" : "\(what)s"
            parts.append(
                "\(unreadable) \(noun) large enough to judge with statistics this role may not read (pg_stats shows only columns it may SELECT): GRANT pg_read_all_data (or SELECT on those tables) TO \(user ?? "<user>")"
            )
        }
        let summary = parts.joined(separator: "; ")
        return Measurement(
            value: worst, unit: "bytes", summary: summary,
            details: judged.filter { ($0.double("bloat_bytes") ?? 0) > 0 }.prefix(10).map { $0.details(columns) },
            status: unreadable > 0 ? .unknown : nil)
    }

    static let tableBloat = CheckDefinition(
        name: "table_bloat",
        help: "Estimated space wasted in the most bloated table, in bytes (from statistics; run ANALYZE first).",
        defaults: Thresholds(warning: 1_073_741_824, critical: 5_368_709_120), scope: .database
    ) { context in
        measure(
            try context.rows(.healthTableBloat), what: "table",
            columns: ["schema", "table", "bytes", "bloat_bytes", "bloat_percent"], user: context.connection.config.user)
    }

    static let indexBloat = CheckDefinition(
        name: "index_bloat",
        help: "Estimated space wasted in the most bloated B-tree index, in bytes (the estimate index-usage reports).",
        defaults: Thresholds(warning: 1_073_741_824, critical: 5_368_709_120), scope: .database
    ) { context in
        measure(
            try context.rows(.indexUsageBloat), what: "index",
            columns: ["schema", "table", "index", "bytes", "bloat_bytes", "bloat_percent"],
            user: context.connection.config.user)
    }
}
