@testable import Analytics
import DBCore
import Foundation
import Testing

@Suite("Exact decimals, local days and SQL templates")
struct CalendarAndDecimalTests {
    @Test func decimalsParseAddAndPrintExactly() throws {
        #expect(ExactDecimal("12.340")?.description == "12.340")
        #expect(ExactDecimal("-0.000001")?.description == "-0.000001")
        #expect(ExactDecimal("1.5e-05")?.description == "0.000015")
        #expect(ExactDecimal("2E3")?.description == "2000")
        #expect(ExactDecimal("abc") == nil && ExactDecimal("") == nil && ExactDecimal("1.2.3") == nil)
        // 0.1 + 0.2 is exactly 0.3, unlike a Double.
        let sum = try #require(ExactDecimal("0.1")) + #require(ExactDecimal("0.2"))
        #expect(sum.description == "0.3" && sum == ExactDecimal("0.30"))
        // Ten million DECIMAL(10,6) values of 9999.999999 add up without losing a digit.
        var total = ExactDecimal(units: 0, scale: 6)
        let big = try #require(ExactDecimal("9999.999999"))
        total = try total + (try big * ExactDecimal(10_000_000))
        #expect(total.description == "99999999990.000000")
        // Half away from zero, as PostgreSQL rounds numeric.
        #expect(try ExactDecimal(5).divided(by: 2, scale: 0).description == "3")
        #expect(try ExactDecimal(-5).divided(by: 2, scale: 0).description == "-3")
        #expect(try ExactDecimal(2).divided(by: 3, scale: 2).description == "0.67")
        #expect(try #require(ExactDecimal("1.005")).rounded(to: 2).description == "1.01")
        #expect(try #require(ExactDecimal("12.500")).trimmed().description == "12.5")
        let huge = ExactDecimal(units: Int128.max / 2, scale: 0)
        #expect(throws: ExactDecimal.Overflow.self) { _ = try huge + huge + huge }
    }

    @Test func decimalsEncodeAsExactJSONNumbers() throws {
        struct Box: Codable { let value: ExactDecimal }
        let data = try JSONEncoder().encode(Box(value: try #require(ExactDecimal("123456789.123456789"))))
        let text = String(decoding: data, as: UTF8.self)
        #expect(text.contains("123456789.123456789"), "\(text)")
        #expect(try JSONDecoder().decode(Box.self, from: data).value == ExactDecimal("123456789.123456789"))
    }

    @Test func percentileContInterpolatesExactly() throws {
        // Values 10, 20, 30, 40: p95 is at position 0.95 * 3 = 2.85 between 30 and 40.
        let values: [Int64: ExactDecimal] = [
            1: ExactDecimal(10), 2: ExactDecimal(20), 3: ExactDecimal(30), 4: ExactDecimal(40),
        ]
        let p = { (text: String) throws -> String in
            try LatencyPercentiles.interpolate(LatencyPercentiles.Fraction(percent: text).value, n: 4, values: values)
                .description
        }
        #expect(try p("95") == "38.5")
        #expect(try p("50") == "25")
        #expect(try p("99.9") == "39.97")
        #expect(try p("100") == "40")
        #expect(try p("0") == "10")
        #expect(
            try LatencyPercentiles.interpolate(ExactDecimal(units: 99, scale: 2), n: 1, values: [1: ExactDecimal(7)])
                .description == "7")
        #expect(throws: AnalyticsError.self) { _ = try LatencyPercentiles.Fraction(percent: "101") }
        #expect(throws: AnalyticsError.self) { _ = try LatencyPercentiles.Fraction(percent: "x") }
    }

    @Test func berlinOffsetStepsAreFoundToTheSecond() throws {
        let berlin = try LocalCalendar(identifier: "Europe/Berlin")
        let from = Int64(CivilTime(year: 2026, month: 3, day: 20).unixSeconds)
        let to = Int64(CivilTime(year: 2026, month: 11, day: 1).unixSeconds)
        let steps = berlin.offsetSteps(from: from, to: to)
        // Summer time starts 2026-03-29 01:00 UTC and ends 2026-10-25 01:00 UTC.
        #expect(
            steps == [
                .init(start: from, offsetSeconds: 3600),
                .init(start: CivilTime(year: 2026, month: 3, day: 29, hour: 1).unixSeconds, offsetSeconds: 7200),
                .init(start: CivilTime(year: 2026, month: 10, day: 25, hour: 1).unixSeconds, offsetSeconds: 3600),
            ])
        // The day summer time starts is 23 hours long, the day it ends 25.
        let march29 = CivilTime.days(year: 2026, month: 3, day: 29),
            october25 = CivilTime.days(year: 2026, month: 10, day: 25)
        #expect(berlin.startOfDay(march29 + 1) - berlin.startOfDay(march29) == 23 * 3600)
        #expect(berlin.startOfDay(october25 + 1) - berlin.startOfDay(october25) == 25 * 3600)
        #expect(berlin.startOfDay(march29) == CivilTime(year: 2026, month: 3, day: 28, hour: 23).unixSeconds)
        // 00:59:59 UTC on the 29th is 01:59:59 CET, still the 29th; 22:00 UTC is the 30th.
        #expect(
            berlin.dayNumber(
                atUnixSeconds: CivilTime(year: 2026, month: 3, day: 29, hour: 0, minute: 59, second: 59).unixSeconds)
                == march29)
        #expect(
            berlin.dayNumber(atUnixSeconds: CivilTime(year: 2026, month: 3, day: 29, hour: 22).unixSeconds) == march29
                + 1)
        // A zone whose offset is not a whole hour.
        let kathmandu = try LocalCalendar(identifier: "Asia/Kathmandu")
        #expect(
            kathmandu.startOfDay(march29) == CivilTime(year: 2026, month: 3, day: 28, hour: 18, minute: 15).unixSeconds)
        #expect(throws: AnalyticsError.self) { _ = try LocalCalendar(identifier: "Mars/Olympus_Mons") }
    }

    @Test func bucketsStartOnMondaysAndFirstsOfMonths() {
        let sunday = CivilTime.days(year: 2026, month: 3, day: 29)
        #expect(LocalCalendar.date(ofDay: Bucket.week.start(ofDay: sunday)) == "2026-03-23")
        #expect(LocalCalendar.date(ofDay: Bucket.week.start(ofDay: sunday + 1)) == "2026-03-30")
        #expect(LocalCalendar.date(ofDay: Bucket.month.start(ofDay: sunday)) == "2026-03-01")
        #expect(
            LocalCalendar.date(
                ofDay: Bucket.month.next(afterBucketStarting: CivilTime.days(year: 2026, month: 12, day: 1)))
                == "2027-01-01")
        #expect(LocalCalendar.day(ofDate: "2026-02-30") == nil)
    }

    @Test func periodsReadTheWaysPeopleWriteThem() throws {
        let berlin = try LocalCalendar(identifier: "Europe/Berlin")
        let now = CivilTime(year: 2026, month: 3, day: 30, hour: 10, minute: 30).unixSeconds  // 12:30 CEST
        let days = try ReportPeriod.parse(since: "2d", until: nil, now: now, calendar: berlin)
        #expect(days.from == CivilTime(year: 2026, month: 3, day: 27, hour: 23).unixSeconds && days.to == now)
        let buckets = days.buckets(.day, calendar: berlin)
        #expect(buckets.map { LocalCalendar.date(ofDay: $0.day) } == ["2026-03-28", "2026-03-29", "2026-03-30"])
        #expect(buckets.map(\.partial) == [false, false, true])
        let hours = try ReportPeriod.parse(since: "12h", until: "now", now: now, calendar: berlin)
        #expect(hours.from == now - 12 * 3600)
        let dates = try ReportPeriod.parse(since: "2026-03-29", until: "2026-03-30", now: now, calendar: berlin)
        #expect(dates.to - dates.from == 23 * 3600)
        let exact = try ReportPeriod.parse(
            since: "2026-03-29T08:30:00Z", until: "2026-03-29T12:00+02:00", now: now, calendar: berlin)
        #expect(exact.from == CivilTime(year: 2026, month: 3, day: 29, hour: 8, minute: 30).unixSeconds)
        #expect(exact.to == CivilTime(year: 2026, month: 3, day: 29, hour: 10).unixSeconds)
        let local = try ReportPeriod.parse(since: "2026-03-29T08:30", until: nil, now: now, calendar: berlin)
        #expect(local.from == CivilTime(year: 2026, month: 3, day: 29, hour: 6, minute: 30).unixSeconds)
        #expect(throws: AnalyticsError.self) {
            _ = try ReportPeriod.parse(since: "soon", until: nil, now: now, calendar: berlin)
        }
        #expect(throws: AnalyticsError.self) {
            _ = try ReportPeriod.parse(since: "today", until: "yesterday", now: now, calendar: berlin)
        }
    }

    @Test func templatesBindInOrderAndQuoteEveryName() throws {
        let template = SQLTemplate(
            """
            -- {comment} and :comment are left alone
            SELECT {local_day} AS day, x::text, ':not_a_parameter', {col}
            FROM {table} WHERE {col} >= :from AND {col} < :to AND y = :from
            """)
        let fragment = SQLTemplate.Fragment("f(:inner)", parameters: ["inner": 7])
        for engine in Engine.allCases {
            let rendered = try template.render(
                dialect: Dialect(engine: engine), identifiers: ["col": "we\"ird`name"],
                fragments: ["local_day": fragment, "table": SQLTemplate.Fragment("t")],
                parameters: ["from": 1, "to": 2])
            #expect(rendered.parameters == [7, 1, 2, 1])
            if engine == .postgres {
                #expect(rendered.sql.contains("SELECT f($1) AS day, x::text, ':not_a_parameter', \"we\"\"ird`name\""))
                #expect(rendered.sql.contains(">= $2 AND \"we\"\"ird`name\" < $3 AND y = $4"))
            } else {
                #expect(rendered.sql.contains("SELECT f(?) AS day, x::text, ':not_a_parameter', `we\"ird``name`"))
            }
            #expect(rendered.sql.hasPrefix("-- {comment} and :comment are left alone"))
        }
        #expect(throws: DBError.self) { _ = try template.render(dialect: Dialect(engine: .postgres)) }
    }
}
