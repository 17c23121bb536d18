import DBCore
import Foundation

/// MariaDB's sequences (CREATE SEQUENCE), measured as PostgreSQL's `sequences` check
/// measures its own: the share of its range a sequence has used, or of the narrowest
/// column it feeds (DEFAULT NEXT VALUE FOR) when that column holds less than the sequence
/// runs to. MariaDB keeps no last value apart from its cache: next_not_cached_value is
/// where the sequence starts after a restart, so values cached and not yet handed out
/// count as used (a restart loses them). A CYCLE sequence starts again rather than running
/// out; it is measured only when it feeds a narrower column, which still overflows first.
/// MySQL has no sequences: the list is empty there.
enum MariaDBSequences {
    /// Where a sequence stands (sequence_position.sql).
    struct Position: Equatable {
        var next: Double
        var minimum: Double
        var maximum: Double
        var increment: Double
        var cycles: Bool
    }

    /// The share used, in percent (0 to 100, two decimals), and the last value it may
    /// reach; nil for a CYCLE sequence no narrower column bounds.
    static func used(_ position: Position, columnMax: Double?) -> (percent: Double, limit: Double)? {
        let p = position
        if p.increment < 0 {
            // Descending: it runs down to its minimum (columns are bounded above only here).
            guard !p.cycles else { return nil }
            return (share(p.maximum - p.next, of: p.maximum - p.minimum + 1), p.minimum)
        }
        let limit = min(p.maximum, columnMax ?? p.maximum)
        guard !p.cycles || limit < p.maximum else { return nil }
        return (share(p.next - p.minimum, of: limit - p.minimum + 1), limit)
    }

    private static func share(_ used: Double, of range: Double) -> Double {
        guard range > 0 else { return 100 }
        return (min(100, max(0, used / range * 100)) * 100).rounded() / 100
    }

    static let check = CheckDefinition(
        name: "sequences",
        help:
            "Highest share of its range (or of the column it feeds) any MariaDB sequence has used, in percent (cached values count as used).",
        defaults: Thresholds(warning: 75, critical: 90), scope: .database
    ) { context in
        // One row per sequence and column it feeds: the narrowest column bounds it.
        var columns: [String: (row: Row, max: Double?)] = [:]
        var order: [String] = []
        for row in try context.rows(.healthSequences) {
            let key = "\(row["schema"] ?? "").\(row["sequence"] ?? "")"
            if columns[key] == nil { order.append(key) }
            let bound = row.double("column_max")
            if let known = columns[key], (known.max ?? .infinity) <= (bound ?? .infinity) { continue }
            columns[key] = (row, bound)
        }
        let template = try SQLTemplate.named(.healthSequencePosition, server: context.connection.server)
        var measured: [(name: String, details: [String: JSONValue], percent: Double)] = []
        var unreadable = 0
        for key in order {
            guard let (row, columnMax) = columns[key] else { continue }
            let rendered = try template.render(
                dialect: context.connection.dialect,
                identifiers: ["schema": row["schema"] ?? "", "sequence": row["sequence"] ?? ""])
            guard let state = try? context.connection.query(rendered).first,
                let next = state.double("next_not_cached_value"), let minimum = state.double("minimum_value"),
                let maximum = state.double("maximum_value"), let increment = state.double("increment")
            else {
                unreadable += 1
                continue
            }
            let position = Position(
                next: next, minimum: minimum, maximum: maximum, increment: increment,
                cycles: state["cycle_option"] == "1")
            guard let (percent, limit) = used(position, columnMax: columnMax) else { continue }
            // The bound as the server wrote it (a BIGINT's end is not exact as a Double).
            let byColumn = increment > 0 && limit < maximum
            var details = row.details(
                byColumn ? ["schema", "sequence", "table", "column", "column_type"] : ["schema", "sequence"])
            details["next_value"] = JSONValue.from(text: state["next_not_cached_value"])
            details["effective_max"] = JSONValue.from(
                text: byColumn ? row["column_max"] : state[increment < 0 ? "minimum_value" : "maximum_value"])
            details["percent_used"] = .number(percent)
            measured.append((key, details, percent))
        }
        measured.sort { $0.percent > $1.percent }
        let top = measured.first
        var summary =
            top.map {
                "\($0.name) has used \(Format.number($0.percent))% of its \($0.details["column"] == nil ? "range" : "column's range")"
            } ?? (order.isEmpty ? "no sequences" : "no sequence that can run out")
        if unreadable > 0 {
            summary +=
                "; \(unreadable) sequence(s) this user may not read, their use unknown: GRANT SELECT ON <schema>.* TO '\(context.connection.config.user ?? "<user>")'@'<host>'"
        }
        return Measurement(
            value: top?.percent ?? 0, unit: "percent", summary: summary,
            details: measured.prefix(10).map(\.details), status: unreadable > 0 ? .unknown : nil)
    }
}
