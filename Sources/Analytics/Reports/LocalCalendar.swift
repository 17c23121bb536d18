import DBCore
import Foundation

/// Calendar days of one time zone, worked out in Swift from the tz database rather than by
/// either server: MariaDB often has no time zone tables loaded, and doing it here means
/// PostgreSQL and MySQL put every row in the same day, DST changes included.
///
/// Within a report's range the zone's UTC offset is a step function of the instant; the
/// SQL receives those steps (`OffsetStep`) and shifts each timestamp by its offset before
/// taking the date, which is plain arithmetic on both engines.
public struct LocalCalendar: Sendable {
    public let zone: TimeZone
    /// The name as given ("UTC"; Foundation would call it "GMT").
    public let identifier: String

    public init(zone: TimeZone) {
        self.zone = zone
        identifier = zone.identifier
    }

    public init(identifier: String) throws {
        guard let zone = TimeZone(identifier: identifier) else {
            throw AnalyticsError.usage(
                "unknown time zone \(identifier) (use an IANA name such as Europe/Berlin or UTC)")
        }
        self.zone = zone
        self.identifier = identifier
    }

    /// From `start` on, the UTC offset is `offsetSeconds` (until the next step).
    public struct OffsetStep: Sendable, Equatable {
        public let start: Int64
        public let offsetSeconds: Int
    }

    public func offset(atUnixSeconds seconds: Int64) -> Int {
        zone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(seconds)))
    }

    /// The offset steps covering [from, to): the first step starts at `from`. Offsets
    /// are sampled hourly and every change is then pinned to the second, so changes
    /// that are not DST (a country moving its standard time) are found too.
    public func offsetSteps(from: Int64, to: Int64) -> [OffsetStep] {
        var steps = [OffsetStep(start: from, offsetSeconds: offset(atUnixSeconds: from))]
        var previous = from
        var t = from
        while t < to {
            t = min(to, t + 3600)
            let current = offset(atUnixSeconds: t)
            if current != steps.last!.offsetSeconds {
                var low = previous, high = t  // offset(low) is the old one, offset(high) the new
                while high - low > 1 {
                    let middle = low + (high - low) / 2
                    if offset(atUnixSeconds: middle) == current { high = middle } else { low = middle }
                }
                steps.append(OffsetStep(start: high, offsetSeconds: current))
            }
            previous = t
        }
        return steps
    }

    /// Days since 1970-01-01 of the local date at an instant.
    public func dayNumber(atUnixSeconds seconds: Int64) -> Int {
        let local = seconds + Int64(offset(atUnixSeconds: seconds))
        return Int(local >= 0 ? local / 86_400 : (local - 86_399) / 86_400)
    }

    /// The first instant of local day `day` (midnight, or the first existing instant
    /// when a DST change skips midnight).
    public func startOfDay(_ day: Int) -> Int64 {
        let nominal = Int64(day) * 86_400
        var low = nominal - 18 * 3600 - 1, high = nominal + 18 * 3600  // dayNumber(low) < day <= dayNumber(high)
        while high - low > 1 {
            let middle = low + (high - low) / 2
            if dayNumber(atUnixSeconds: middle) >= day { high = middle } else { low = middle }
        }
        return high
    }

    public static func date(ofDay day: Int) -> String {
        let (y, m, d) = CivilTime.civil(fromDays: day)
        return String(format: "%04d-%02d-%02d", y, m, d)
    }

    public static func day(ofDate text: String) -> Int? {
        let parts = text.prefix(10).split(separator: "-")
        guard parts.count == 3, let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]),
            (1...12).contains(m), (1...31).contains(d)
        else { return nil }
        let day = CivilTime.days(year: y, month: m, day: d)
        guard CivilTime.civil(fromDays: day) == (y, m, d) else { return nil }
        return day
    }
}
