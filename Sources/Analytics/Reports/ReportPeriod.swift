import Foundation
import DBCore

/// The time range a report covers: [from, to) in Unix seconds, read in one time zone.
public struct ReportPeriod: Sendable, Codable, Equatable {
    public let from: Int64
    public let to: Int64
    public let timeZone: String

    public init(from: Int64, to: Int64, timeZone: String) {
        self.from = from
        self.to = to
        self.timeZone = timeZone
    }

    /// Reads `--since` and `--until` as people type them:
    /// - `30d`, `2w`: from local midnight that many days ago (so day buckets are whole);
    ///   `12h`, `90m`, `45s`: exactly that long before now;
    /// - `today`, `yesterday`, `now`;
    /// - `2026-03-29`: local midnight of that date; `2026-03-29T08:30[:00]` local time;
    ///   with `Z` or `+02:00` at the end, that exact instant.
    /// `until` is exclusive: `--until 2026-04-01` stops before that day begins.
    public static func parse(since: String, until: String?, now: Int64, calendar: LocalCalendar) throws -> ReportPeriod
    {
        let from = try instant(since, option: "--since", now: now, calendar: calendar)
        let to = try until.map { try instant($0, option: "--until", now: now, calendar: calendar) } ?? now
        guard from < to else {
            throw AnalyticsError.usage(
                "--since must be before --until (the range \(since) .. \(until ?? "now") is empty)")
        }
        // A century either side of now: no report needs more, and day arithmetic stays small.
        let century: Int64 = 36_525 * 86_400
        guard from >= now - century, to <= now + century else {
            throw AnalyticsError.usage(
                "--since/--until \(since) .. \(until ?? "now"): out of range (within a hundred years of now)")
        }
        return ReportPeriod(from: from, to: to, timeZone: calendar.identifier)
    }

    /// Whether `raw` is a start or end `parse` reads, checked where it is typed (a flag or a
    /// config key, named by `option`) before anything connects.
    public static func check(_ raw: String, option: String) throws {
        _ = try instant(
            raw, option: option, now: Int64(Date().timeIntervalSince1970),
            calendar: try LocalCalendar(identifier: "UTC"))
    }

    static func instant(_ raw: String, option: String, now: Int64, calendar: LocalCalendar) throws -> Int64 {
        if let reason = DurationText.ambiguity(raw) { throw AnalyticsError.usage("\(option) \(raw): \(reason)") }
        let text = raw.trimmingCharacters(in: .whitespaces).lowercased()
        let today = calendar.dayNumber(atUnixSeconds: now)
        switch text {
        case "now": return now
        case "today": return calendar.startOfDay(today)
        case "yesterday": return calendar.startOfDay(today - 1)
        default: break
        }
        if let unit = text.last, let count = Int64(text.dropLast()), count >= 0 {
            // At most a century back: nothing later can overflow, and no report needs more.
            let century: [Character: Int64] = [
                "d": 36_525, "w": 5_218, "h": 876_600, "m": 52_596_000, "s": 3_155_760_000,
            ]
            if let limit = century[unit], count > limit {
                throw AnalyticsError.usage("\(option) \(raw): out of range (at most \(limit)\(unit), a hundred years)")
            }
            switch unit {
            case "d": return calendar.startOfDay(today - Int(count))
            case "w": return calendar.startOfDay(today - Int(count) * 7)
            case "h": return now - count * 3600
            case "m": return now - count * 60
            case "s": return now - count
            default: break
            }
        }
        if let day = LocalCalendar.day(ofDate: text), text.count == 10 {
            return calendar.startOfDay(day)
        }
        if let value = dateTime(raw.trimmingCharacters(in: .whitespaces), calendar: calendar) { return value }
        throw AnalyticsError.usage(
            "\(option) \(raw): expected a duration (30d, 2w, 12h), today, yesterday, a date (2026-03-29) or a time (2026-03-29T08:30, ...Z, ...+02:00)"
        )
    }

    /// "2026-03-29T08:30", "2026-03-29 08:30:15", optionally ending in Z or ±hh:mm.
    private static func dateTime(_ text: String, calendar: LocalCalendar) -> Int64? {
        guard text.count >= 16, let day = LocalCalendar.day(ofDate: String(text.prefix(10))) else { return nil }
        let separator = text[text.index(text.startIndex, offsetBy: 10)]
        guard separator == "T" || separator == "t" || separator == " " else { return nil }
        var rest = Substring(text.dropFirst(11))
        var zoneOffset: Int?
        if rest.hasSuffix("Z") || rest.hasSuffix("z") {
            zoneOffset = 0
            rest = rest.dropLast()
        } else if rest.count >= 6, let signIndex = rest.lastIndex(where: { $0 == "+" || $0 == "-" }) {
            let zone = rest[rest.index(after: signIndex)...].split(separator: ":")
            guard zone.count == 2, let h = Int(zone[0]), let m = Int(zone[1]) else { return nil }
            zoneOffset = (h * 3600 + m * 60) * (rest[signIndex] == "-" ? -1 : 1)
            rest = rest[..<signIndex]
        }
        let clock = rest.split(separator: ":")
        guard clock.count == 2 || clock.count == 3, let h = Int(clock[0]), let m = Int(clock[1]),
            (0...23).contains(h), (0...59).contains(m)
        else { return nil }
        let s = clock.count == 3 ? Int(clock[2]) : 0
        guard let s, (0...59).contains(s) else { return nil }
        let local = Int64(day) * 86_400 + Int64(h * 3600 + m * 60 + s)
        if let zoneOffset { return local - Int64(zoneOffset) }
        // Local wall time: the offset in force at that wall time (the later one when a
        // DST change repeats or skips it).
        let guess = local - Int64(calendar.offset(atUnixSeconds: local))
        return local - Int64(calendar.offset(atUnixSeconds: guess))
    }

    /// The buckets (first day numbers) the period touches, with whether each is only
    /// partly inside it.
    public func buckets(_ bucket: Bucket, calendar: LocalCalendar) -> [(day: Int, partial: Bool)] {
        let firstDay = calendar.dayNumber(atUnixSeconds: from)
        let lastDay = calendar.dayNumber(atUnixSeconds: to - 1)
        var out: [(Int, Bool)] = []
        var start = bucket.start(ofDay: firstDay)
        while start <= lastDay {
            let next = bucket.next(afterBucketStarting: start)
            let partial = calendar.startOfDay(start) < from || calendar.startOfDay(next) > to
            out.append((start, partial))
            start = next
        }
        return out
    }
}
