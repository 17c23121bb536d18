import DBCore
import Foundation

/// A partitioned table as dbops sees it, whatever the engine: partitions with wall-clock
/// bounds (the calendar periods they cover), and the catch-all partition if any.
struct PartitionLayout {
    struct Part {
        var name: String
        var from: CivilTime?
        var to: CivilTime?
        var isCatchAll: Bool
    }

    /// Where the table lives (new partitions go beside it).
    var schema: String?
    var keyColumn: String
    /// In the order of their ranges (an open start first, the catch-all last), whatever
    /// order their names sort in: reports print the first and the last as the span covered.
    var parts: [Part]

    init(schema: String?, keyColumn: String, parts: [Part]) {
        self.schema = schema
        self.keyColumn = keyColumn
        self.parts = parts.sorted { lhs, rhs in
            if lhs.isCatchAll != rhs.isCatchAll { return rhs.isCatchAll }
            return (lhs.from?.unixSeconds ?? .min) < (rhs.from?.unixSeconds ?? .min)
        }
    }

    var catchAll: Part? { parts.first { $0.isCatchAll } }
    var ranged: [Part] { parts.filter { !$0.isCatchAll } }

    /// Whether [from, to) overlaps a ranged partition (an open end reaches forever).
    func overlaps(from: CivilTime, to: CivilTime) -> Part? {
        ranged.first { part in
            let startsBeforeEnd = part.from.map { $0.unixSeconds < to.unixSeconds } ?? true
            let endsAfterStart = part.to.map { $0.unixSeconds > from.unixSeconds } ?? true
            return startsBeforeEnd && endsAfterStart
        }
    }

    /// Whether one ranged partition covers [from, to) entirely.
    func covers(from: CivilTime, to: CivilTime) -> Bool {
        ranged.contains { part in
            (part.from.map { $0.unixSeconds <= from.unixSeconds } ?? true)
                && (part.to.map { $0.unixSeconds >= to.unixSeconds } ?? true)
        }
    }
}

extension CivilTime {
    /// "2026-01-01", "2026-01-01 00:00:00" or "2026-01-01 00:00:00+00" (offset ignored:
    /// callers pass wall-clock text).
    static func wall(_ text: String) -> CivilTime? {
        let trimmed = text.trimmingCharacters(in: CharacterSet(charactersIn: "' "))
        let parts = trimmed.split(separator: " ")
        let date = parts.first?.split(separator: "-").compactMap { Int($0) } ?? []
        guard date.count == 3 else { return nil }
        var hour = 0, minute = 0, second = 0
        if parts.count > 1 {
            let clock = parts[1].prefix { $0 != "+" && $0 != "-" && $0 != "." }.split(separator: ":").compactMap {
                Int($0)
            }
            guard clock.count >= 2 else { return nil }
            hour = clock[0]; minute = clock[1]; second = clock.count > 2 ? clock[2] : 0
        }
        return CivilTime(year: date[0], month: date[1], day: date[2], hour: hour, minute: minute, second: second)
    }

    var wallText: String {
        String(format: "%04d-%02d-%02d %02d:%02d:%02d", year, month, day, hour, minute, second)
    }

    var dateText: String { String(format: "%04d-%02d-%02d", year, month, day) }
}
