import DBCore
import Foundation

/// Bloat estimated from planner statistics, as check_postgres and pghero estimate it: no
/// extension, no read of the tables themselves.
enum PostgresBloatChecks {
    static var all: [CheckDefinition] { [tableBloat, indexBloat] }

    static func measure(_ rows: [Row], what: String, columns: [String]) -> Measurement {
        let worst = rows.first?.double("bloat_bytes") ?? 0
        let top = rows.first.map {
            "\($0["schema"] ?? "").\($0[what] ?? ""): about \(Format.bytes(worst)) (\($0["bloat_percent"] ?? "?")%) wasted"
        }
        return Measurement(
            value: worst, unit: "bytes",
            summary: top.map {
                worst > 0
                    ? "\($0); VACUUM FULL, pg_repack or REINDEX CONCURRENTLY reclaims it"
                    : "no measurable \(what) bloat"
            }
                ?? "no \(what) large enough to judge (with statistics)",
            details: rows.filter { ($0.double("bloat_bytes") ?? 0) > 0 }.prefix(10).map { $0.details(columns) })
    }

    static let tableBloat = CheckDefinition(
        name: "table_bloat",
        help: "Estimated space wasted in the most bloated table, in bytes (from statistics; run ANALYZE first).",
        defaults: Thresholds(warning: 1_073_741_824, critical: 5_368_709_120), scope: .database
    ) { context in
        measure(
            try context.rows(.healthTableBloat), what: "table",
            columns: ["schema", "table", "bytes", "bloat_bytes", "bloat_percent"])
    }

    static let indexBloat = CheckDefinition(
        name: "index_bloat",
        help: "Estimated space wasted in the most bloated B-tree index, in bytes (the estimate index-usage reports).",
        defaults: Thresholds(warning: 1_073_741_824, critical: 5_368_709_120), scope: .database
    ) { context in
        measure(
            try context.rows(.indexUsageBloat), what: "index",
            columns: ["schema", "table", "index", "bytes", "bloat_bytes", "bloat_percent"])
    }
}
