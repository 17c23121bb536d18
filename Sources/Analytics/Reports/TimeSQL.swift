import DBCore
import Foundation

/// The SQL pieces that put rows into local days, built from the zone's offset steps.
/// Every instant and offset is a bound parameter; only the column name (quoted) and
/// fixed SQL words are text.
struct TimeSQL {
    let dialect: Dialect
    let column: String
    let kind: TimeColumnKind
    let steps: [LocalCalendar.OffsetStep]

    /// The local date of the row, as a DATE.
    var localDay: SQLTemplate.Fragment {
        let quoted = dialect.quote(column)
        if kind == .date { return SQLTemplate.Fragment(quoted) }
        var parameters: [String: SQLValue] = [:]
        let offset: String
        if steps.count == 1 {
            parameters["tz_offset_0"] = .int(Int64(steps[0].offsetSeconds))
            offset = steps[0].offsetSeconds == 0 ? "" : ":tz_offset_0"
        } else {
            var cases = "CASE"
            for (i, step) in steps.enumerated() {
                parameters["tz_offset_\(i)"] = .int(Int64(step.offsetSeconds))
                if i + 1 < steps.count {
                    parameters["tz_change_\(i + 1)"] = .timestamp(
                        Date(timeIntervalSince1970: TimeInterval(steps[i + 1].start)))
                    cases += " WHEN \(quoted) < :tz_change_\(i + 1) THEN \(cast(":tz_offset_\(i)"))"
                } else {
                    cases += " ELSE \(cast(":tz_offset_\(i)")) END"
                }
            }
            offset = "(" + cases + ")"
        }
        let seconds = steps.count == 1 && !offset.isEmpty ? cast(offset) : offset
        return SQLTemplate.Fragment(
            dialect.engine.analytics.localDay(quoted, instant: kind == .instant, plusSeconds: seconds),
            parameters: parameters)
    }

    private func cast(_ parameter: String) -> String {
        dialect.engine.capabilities.integerParameter(parameter)
    }

    /// The first day of the bucket holding the date column `day` of the inner query.
    static func bucketStart(_ bucket: Bucket, dialect: Dialect) -> SQLTemplate.Fragment {
        SQLTemplate.Fragment(bucket == .day ? "day" : dialect.engine.analytics.bucketStart(bucket))
    }

    /// The range parameters for the raw time column: instants, or dates for a date column
    /// (the local days the period touches).
    static func range(_ period: ReportPeriod, kind: TimeColumnKind, calendar: LocalCalendar) -> [String: SQLValue] {
        if kind == .date {
            let first = calendar.dayNumber(atUnixSeconds: period.from)
            let last = calendar.dayNumber(atUnixSeconds: period.to - 1)
            return ["from": .text(LocalCalendar.date(ofDay: first)), "to": .text(LocalCalendar.date(ofDay: last + 1))]
        }
        return [
            "from": .timestamp(Date(timeIntervalSince1970: TimeInterval(period.from))),
            "to": .timestamp(Date(timeIntervalSince1970: TimeInterval(period.to))),
        ]
    }
}
