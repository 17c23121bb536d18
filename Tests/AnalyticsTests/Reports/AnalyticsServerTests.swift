import Analytics
import DBCore
import Foundation
import Testing
import TestSupport

/// Known answers: the same hand-made rows on both engines, with the answers computed by
/// PostgreSQL's own functions (AT TIME ZONE, percentile_cont, numeric sums) and MariaDB's
/// PERCENTILE_CONT window function, never by dbops' code.
@Suite("Analytics on real servers", .serialized)
struct AnalyticsServerTests {
    static let profile = AnalyticsProfile(
        name: "events", summary: "test events", detect: ["usage_events"],
        sources: [
            .dau: MetricSource(table: "usage_events", time: "happened_at", user: "account"),
            .cost: MetricSource(
                table: "usage_events", time: "happened_at", user: "account", value: "amount", unit: "USD",
                dimensions: ["endpoint": "endpoint"], defaultDimension: "endpoint"),
            .latency: MetricSource(
                table: "usage_events", time: "happened_at", user: "account", value: "duration_ms", unit: "ms",
                dimensions: ["endpoint": "endpoint"], defaultDimension: "endpoint"),
        ])

    /// Rows from 2026-03-18 to 2026-04-08 (Berlin's summer time starts 2026-03-29 01:00
    /// UTC), with rows on either side of every local midnight near it, NULL costs,
    /// durations, users and endpoints, and ties.
    static func rows() -> [String] {
        var generator = SystemRandomNumberGenerator.Seeded(seed: 42)
        let start = CivilTime(year: 2026, month: 3, day: 18).unixSeconds
        var out: [String] = []
        let endpoints = ["search", "render", "export", "Zürich", "NULL"]
        func add(_ at: Int64, _ micros: Int) {
            let i = out.count + 1
            let account = generator.next() % 23 == 0 ? "NULL" : "'acct-\(generator.next() % 60)'"
            let amount =
                generator.next() % 17 == 0
                ? "NULL" : "\(generator.next() % 5000).\(String(format: "%06d", Int(generator.next() % 1_000_000)))"
            let duration =
                generator.next() % 19 == 0
                ? "NULL" : String(generator.next() % 4000 + (generator.next() % 3 == 0 ? 10_000 : 0))
            let endpoint = endpoints[Int(generator.next() % UInt64(endpoints.count))]
            let stamp = SQLValue.formatTimestamp(
                Date(timeIntervalSince1970: TimeInterval(at) + TimeInterval(micros) / 1_000_000))
            out.append(
                "(\(i), \(account), '\(stamp)', \(amount), \(duration), \(endpoint == "NULL" ? "NULL" : "'\(endpoint)'"))"
            )
        }
        for _ in 0..<1500 { add(start + Int64(generator.next() % (21 * 86_400)), Int(generator.next() % 1_000_000)) }
        // Around Berlin midnights (22:00 and 23:00 UTC) and the DST change itself.
        for day in 18...31 {
            for (hour, minute, second) in [(21, 59, 59), (22, 0, 0), (22, 59, 59), (23, 0, 0)] {
                add(
                    CivilTime(year: 2026, month: 3, day: day, hour: hour, minute: minute, second: second).unixSeconds, 0
                )
            }
        }
        add(CivilTime(year: 2026, month: 3, day: 29, hour: 0, minute: 59, second: 59).unixSeconds, 999_999)
        add(CivilTime(year: 2026, month: 3, day: 29, hour: 1).unixSeconds, 0)
        return out
    }

    static func makeTable(_ scratch: ScratchDatabase) throws {
        let connection = try scratch.connect()
        defer { connection.close() }
        switch scratch.engine {
        case .postgres:
            try connection.executeScript(
                """
                CREATE TABLE usage_events (id integer PRIMARY KEY, account text, happened_at timestamptz NOT NULL,
                                           amount numeric(12,6), duration_ms integer, endpoint text);
                CREATE INDEX ON usage_events (happened_at)
                """)
        case .mysql:
            try connection.executeScript(
                """
                CREATE TABLE usage_events (id INT PRIMARY KEY, account VARCHAR(40), happened_at TIMESTAMP(6) NOT NULL,
                                           amount DECIMAL(12,6), duration_ms INT, endpoint VARCHAR(40), KEY (happened_at))
                """)
        }
        let rows = rows()
        for batch in stride(from: 0, to: rows.count, by: 500) {
            try connection.executeScript(
                "INSERT INTO usage_events VALUES " + rows[batch..<min(rows.count, batch + 500)].joined(separator: ","))
        }
    }

    static func options(since: String = "2026-03-20", until: String? = "2026-04-06", tz: String = "Europe/Berlin")
        -> AnalyticsOptions
    {
        var options = AnalyticsOptions(since: since)
        options.until = until
        options.timeZone = tz
        options.profiles = [profile]
        return options
    }

    /// Runs `body` with the table on both engines.
    static func withBothEngines(_ body: (ScratchDatabase, ScratchDatabase) throws -> Void) throws {
        try ScratchDatabase.with(.postgres, prefix: "an") { pg in
            try ScratchDatabase.with(.mysql, prefix: "an") { my in
                try makeTable(pg)
                try makeTable(my)
                try body(pg, my)
            }
        }
    }

    /// A report's JSON without the fields that name the server.
    static func comparable<T: Encodable>(_ report: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.dateEncodingStrategy = .iso8601
        var object = try #require(try JSONSerialization.jsonObject(with: encoder.encode(report)) as? [String: Any])
        var source = try #require(object["source"] as? [String: Any])
        for key in ["target", "server", "table"] { source.removeValue(forKey: key) }
        object["source"] = source
        return String(
            decoding: try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), as: UTF8.self)
    }

    @Test("DAU, rolling WAU/MAU, weeks and months across Berlin's DST change match PostgreSQL's AT TIME ZONE")
    func activeUsersMatchAnIndependentComputation() throws {
        try Self.withBothEngines { pg, my in
            let check = try pg.connect()
            defer { check.close() }
            let daily = try AnalyticsRunner.activeUsers(pg.config, label: "pg", options: Self.options())
            let expected = try check.query(
                """
                SELECT d::date::text AS day,
                       (SELECT count(DISTINCT account) FROM usage_events WHERE (happened_at AT TIME ZONE 'Europe/Berlin')::date = d::date) AS dau,
                       (SELECT count(*) FROM usage_events WHERE (happened_at AT TIME ZONE 'Europe/Berlin')::date = d::date) AS events,
                       (SELECT count(DISTINCT account) FROM usage_events
                         WHERE (happened_at AT TIME ZONE 'Europe/Berlin')::date BETWEEN d::date - 6 AND d::date) AS wau
                FROM generate_series('2026-03-20'::date, '2026-04-05'::date, interval '1 day') d ORDER BY d
                """
            ).rows
            #expect(daily.buckets.map(\.start) == expected.map { $0["day"]! })
            #expect(daily.buckets.map(\.activeUsers) == expected.map { $0.int("dau")! })
            #expect(daily.buckets.map(\.events) == expected.map { $0.int64("events")! })
            // WAU from the 7th day of the range on (the window must lie inside it); no MAU in 17 days.
            #expect(daily.buckets.dropFirst(6).map(\.weeklyActiveUsers) == expected.dropFirst(6).map { $0.int("wau") })
            #expect(daily.buckets.prefix(6).allSatisfy { $0.weeklyActiveUsers == nil && $0.monthlyActiveUsers == nil })
            #expect(daily.buckets.allSatisfy { !$0.partial })
            #expect(daily.buckets.contains { $0.start == "2026-03-29" && $0.activeUsers > 0 })

            for (bucket, unit) in [(Bucket.week, "week"), (.month, "month")] {
                var options = Self.options(since: "2026-03-18", until: "2026-04-09")
                options.bucket = bucket
                let report = try AnalyticsRunner.activeUsers(pg.config, label: "pg", options: options)
                let truth = try check.query(
                    """
                    SELECT date_trunc('\(unit)', happened_at AT TIME ZONE 'Europe/Berlin')::date::text AS b, count(DISTINCT account) AS n
                    FROM usage_events
                    WHERE happened_at >= '2026-03-18 00:00:00+01' AND happened_at < '2026-04-09 00:00:00+02'
                    GROUP BY 1 ORDER BY 1
                    """
                ).rows
                #expect(report.buckets.map(\.start) == truth.map { $0["b"]! })
                #expect(report.buckets.map(\.activeUsers) == truth.map { $0.int("n")! })
                #expect(report.buckets.first?.partial == true, "the range starts mid-\(unit)")
                let mysqlReport = try AnalyticsRunner.activeUsers(my.config, label: "my", options: options)
                #expect(try Self.comparable(mysqlReport) == Self.comparable(report))
            }

            // The same rows on MariaDB give the same report, field for field, in UTC and Berlin
            // and with the single-aggregate form.
            for tz in ["Europe/Berlin", "UTC", "America/New_York"] {
                var options = Self.options(since: "2026-03-18", until: "2026-04-09", tz: tz)
                #expect(
                    try Self.comparable(AnalyticsRunner.activeUsers(my.config, label: "my", options: options))
                        == Self.comparable(AnalyticsRunner.activeUsers(pg.config, label: "pg", options: options)))
                options.rolling = false
                let plain = try AnalyticsRunner.activeUsers(my.config, label: "my", options: options)
                #expect(
                    try Self.comparable(plain)
                        == Self.comparable(AnalyticsRunner.activeUsers(pg.config, label: "pg", options: options)))
                #expect(plain.buckets.allSatisfy { $0.weeklyActiveUsers == nil })
            }
        }
    }

    @Test("Cost: exact sums per Berlin day and per endpoint, NULL costs counted apart, the same on both engines")
    func costMatchesNumericSums() throws {
        try Self.withBothEngines { pg, my in
            let check = try pg.connect()
            defer { check.close() }
            var options = Self.options()
            options.top = 3
            let report = try AnalyticsRunner.cost(pg.config, label: "pg", options: options)
            let where_ = "happened_at >= '2026-03-20 00:00:00+01' AND happened_at < '2026-04-06 00:00:00+02'"
            let total = try check.query(
                "SELECT sum(amount)::text AS s, count(*) AS n, count(*) - count(amount) AS unpriced FROM usage_events WHERE \(where_)"
            ).rows[0]
            #expect(report.total.description == total["s"])
            #expect(report.rows == total.int64("n") && report.unpriced == total.int64("unpriced"))
            let perDay = try check.query(
                """
                SELECT (happened_at AT TIME ZONE 'Europe/Berlin')::date::text AS d, sum(amount)::text AS s
                FROM usage_events WHERE \(where_) GROUP BY 1 ORDER BY 1
                """
            ).rows
            let reported = Dictionary(uniqueKeysWithValues: report.days.map { ($0.day, $0.cost.description) })
            for row in perDay { #expect(reported[row["d"]!] == row["s"]!, "day \(row["d"]!)") }
            let perEndpoint = try check.query(
                """
                SELECT endpoint, coalesce(sum(amount), 0)::text AS s,
                       round(100 * coalesce(sum(amount), 0) / (SELECT sum(amount) FROM usage_events WHERE \(where_)), 2)::text AS pct
                FROM usage_events WHERE \(where_) GROUP BY 1 ORDER BY sum(amount) DESC NULLS LAST LIMIT 3
                """
            ).rows
            #expect(report.top.map(\.value) == perEndpoint.map { $0["endpoint"] })
            #expect(report.top.map(\.cost.description) == perEndpoint.map { $0["s"]! })
            #expect(report.top.map(\.percent.description) == perEndpoint.map { $0["pct"]! })
            #expect(report.distinctValues == 5 && report.others != nil)
            let sumOfParts = try report.top.reduce(report.others!.cost) { try $0 + $1.cost }
            #expect(sumOfParts == report.total)

            #expect(
                try Self.comparable(AnalyticsRunner.cost(my.config, label: "my", options: options))
                    == Self.comparable(report))
            options.dimension = "user"
            let spenders = try AnalyticsRunner.cost(pg.config, label: "pg", options: options)
            #expect(
                try Self.comparable(AnalyticsRunner.cost(my.config, label: "my", options: options))
                    == Self.comparable(spenders))
            let topSpender = try check.query(
                "SELECT account, sum(amount)::text AS s FROM usage_events WHERE \(where_) GROUP BY 1 ORDER BY sum(amount) DESC NULLS LAST, 1 LIMIT 1"
            ).rows[0]
            #expect(
                spenders.top.first?.value == topSpender["account"]
                    && spenders.top.first?.cost.description == topSpender["s"])
        }
    }

    @Test("Latency: percentile_cont exact and identical on PostgreSQL and MariaDB")
    func latencyMatchesPercentileCont() throws {
        try Self.withBothEngines { pg, my in
            let check = try pg.connect()
            defer { check.close() }
            var options = Self.options()
            options.percentiles = ["50", "95", "99", "99.9"]
            let report = try AnalyticsRunner.latency(pg.config, label: "pg", options: options)
            let truth = try check.query(
                """
                SELECT endpoint, count(*) AS calls, count(duration_ms) AS n, round(avg(duration_ms), 2)::text AS mean,
                       max(duration_ms) AS mx,
                       percentile_cont(0.5) WITHIN GROUP (ORDER BY duration_ms) AS p50,
                       percentile_cont(0.95) WITHIN GROUP (ORDER BY duration_ms) AS p95,
                       percentile_cont(0.99) WITHIN GROUP (ORDER BY duration_ms) AS p99,
                       percentile_cont(0.999) WITHIN GROUP (ORDER BY duration_ms) AS p999
                FROM usage_events
                WHERE happened_at >= '2026-03-20 00:00:00+01' AND happened_at < '2026-04-06 00:00:00+02'
                GROUP BY endpoint
                """
            ).rows
            #expect(report.groups.count == truth.count && truth.count == 5)
            for row in truth {
                let group = try #require(report.groups.first { $0.value == row["endpoint"] })
                #expect(
                    group.calls == row.int64("calls") && group.count == row.int64("n")
                        && group.mean?.description == row["mean"] && group.max?.description == row["mx"])
                for (label, column) in [("p50", "p50"), ("p95", "p95"), ("p99", "p99"), ("p99.9", "p999")] {
                    let ours = try #require(group.percentiles[label]).doubleValue
                    let theirs = try #require(row.double(column))
                    #expect(
                        abs(ours - theirs) <= 1e-9 * max(1, abs(theirs)),
                        "\(label) of \(row["endpoint"] ?? "NULL"): \(ours) vs \(theirs)")
                }
            }
            let mysqlReport = try AnalyticsRunner.latency(my.config, label: "my", options: options)
            #expect(try Self.comparable(mysqlReport) == Self.comparable(report))

            // MariaDB's own PERCENTILE_CONT agrees as well.
            let mariadb = try my.connect()
            defer { mariadb.close() }
            let own = try mariadb.query(
                """
                SELECT DISTINCT endpoint, PERCENTILE_CONT(0.95) WITHIN GROUP (ORDER BY duration_ms) OVER (PARTITION BY endpoint) AS p95
                FROM usage_events
                WHERE happened_at >= '2026-03-19 23:00:00' AND happened_at < '2026-04-05 22:00:00' AND duration_ms IS NOT NULL
                """
            ).rows
            for row in own {
                let group = try #require(mysqlReport.groups.first { $0.value == row["endpoint"] })
                #expect(abs(group.percentiles["p95"]!.doubleValue - row.double("p95")!) < 1e-6)
            }

            // One group of everything.
            options.dimension = "none"
            let all = try AnalyticsRunner.latency(pg.config, label: "pg", options: options)
            let overall = try check.query(
                """
                SELECT count(duration_ms) AS n, percentile_cont(0.95) WITHIN GROUP (ORDER BY duration_ms) AS p95 FROM usage_events
                WHERE happened_at >= '2026-03-20 00:00:00+01' AND happened_at < '2026-04-06 00:00:00+02'
                """
            ).rows[0]
            #expect(all.groups.count == 1 && all.groups[0].value == nil && all.groups[0].count == overall.int64("n"))
            #expect(abs(all.groups[0].percentiles["p95"]!.doubleValue - overall.double("p95")!) < 1e-9)
            #expect(
                try Self.comparable(AnalyticsRunner.latency(my.config, label: "my", options: options))
                    == Self.comparable(all))
        }
    }

    @Test(
        "PostgreSQL counts integer durations (a hash aggregate) or sorts them (decimals, or too many pairs): the same numbers either way"
    )
    func countedAndSortedLatencyAgree() throws {
        try ScratchDatabase.with(.postgres, prefix: "anc") { pg in
            try Self.makeTable(pg)
            let connection = try pg.connect()
            defer { connection.close() }
            // Durations that repeat (13 values: few (group, duration) pairs, so counting pays),
            // and the same as decimals, which are sorted: into arrays, or through the window
            // when the rows are beyond the arrays' limit (here: any).
            try connection.executeScript(
                """
                ALTER TABLE usage_events ADD COLUMN duration_small int, ADD COLUMN duration_exact numeric(12,3);
                UPDATE usage_events SET duration_small = duration_ms % 13, duration_exact = duration_ms % 13;
                ANALYZE usage_events
                """)
            var counting = Self.profile
            counting.sources[.latency]?.value = "duration_small"
            var sorted = Self.profile
            sorted.sources[.latency]?.value = "duration_exact"
            var options = Self.options()
            options.percentiles = ["0", "50", "95", "99", "99.9", "100"]
            options.profiles = [counting]
            let counted = try AnalyticsRunner.latency(pg.config, label: "pg", options: options)
            options.profiles = [sorted]
            let inArrays = try AnalyticsRunner.latency(pg.config, label: "pg", options: options)
            options.latencyArrayRowLimit = 0
            let inWindows = try AnalyticsRunner.latency(pg.config, label: "pg", options: options)
            options.latencyArrayRowLimit = AnalyticsOptions(since: "1d").latencyArrayRowLimit
            #expect(counted.groups.count == 5 && inArrays.groups.count == 5 && inWindows.groups.count == 5)
            for (a, (b, c)) in zip(counted.groups, zip(inArrays.groups, inWindows.groups)) {
                for other in [b, c] {
                    #expect(
                        a.value == other.value && a.calls == other.calls && a.count == other.count
                            && a.max?.doubleValue == other.max?.doubleValue)
                    // Means to the column's scale + 2: 2 decimals for integers, 5 for numeric(12,3).
                    #expect(abs((a.mean?.doubleValue ?? -1) - (other.mean?.doubleValue ?? 1)) < 0.005)
                    for label in options.percentiles.map({ "p" + $0 }) {
                        #expect(a.percentiles[label]?.doubleValue == other.percentiles[label]?.doubleValue, "\(label)")
                    }
                }
            }
            // What runs (and --explain shows): counting for the integer column, one pass into
            // a hash aggregate with no sort; the decimals sorted into arrays per group, or
            // through the window beyond the arrays' limit.
            options.profiles = [counting]
            let countPlan = try AnalyticsRunner.explain(.latency, pg.config, label: "pg", options: options)
            #expect(countPlan.sql.contains("count(*) AS c"), "\(countPlan.sql)")
            #expect(
                countPlan.plan.contains { $0.contains("HashAggregate") }
                    && !countPlan.plan.contains { $0.contains("Sort") },
                "\(countPlan.plan)")
            options.profiles = [sorted]
            let arraysPlan = try AnalyticsRunner.explain(.latency, pg.config, label: "pg", options: options)
            #expect(arraysPlan.sql.contains("array_agg"), "\(arraysPlan.sql)")
            options.latencyArrayRowLimit = 0
            let windowPlan = try AnalyticsRunner.explain(.latency, pg.config, label: "pg", options: options)
            #expect(windowPlan.sql.contains("percentile_disc"), "\(windowPlan.sql)")
        }
    }

    @Test("PostgreSQL: NaN and ±Infinity in a numeric cost or float duration count as without a value, not as figures")
    func nonFiniteValues() throws {
        try ScratchDatabase.with(.postgres, prefix: "annan") { pg in
            let connection = try pg.connect()
            defer { connection.close() }
            try connection.executeScript(
                """
                CREATE TABLE usage_events (id integer PRIMARY KEY, account text, happened_at timestamptz NOT NULL,
                                           amount numeric, duration_ms float8, endpoint text);
                INSERT INTO usage_events
                SELECT g, 'acct-' || g % 7, '2026-03-21 12:00:00+00'::timestamptz + g * interval '1 minute',
                       g * 0.25, g * 1.5, CASE WHEN g % 2 = 0 THEN 'search' ELSE 'render' END
                FROM generate_series(1, 400) g;
                INSERT INTO usage_events VALUES
                    (1001, 'a', '2026-03-22 12:00:00+00', 'NaN', 'NaN', 'search'),
                    (1002, 'a', '2026-03-22 12:00:00+00', 'Infinity', 'Infinity', 'search'),
                    (1003, 'a', '2026-03-22 12:00:00+00', '-Infinity', '-Infinity', 'render');
                """)
            var options = Self.options()
            options.percentiles = ["50", "95", "99"]
            let finite = "amount NOT IN ('NaN', 'Infinity', '-Infinity')"
            let cost = try AnalyticsRunner.cost(pg.config, label: "pg", options: options)
            #expect(
                cost.total.description
                    == (try connection.scalar("SELECT sum(amount)::text FROM usage_events WHERE \(finite)")))
            #expect(cost.rows == 403 && cost.unpriced == 3)
            let latency = try AnalyticsRunner.latency(pg.config, label: "pg", options: options)
            let truth = try connection.query(
                """
                SELECT endpoint, count(*) AS calls, max(duration_ms) AS mx,
                       percentile_cont(0.99) WITHIN GROUP (ORDER BY duration_ms) AS p99
                FROM usage_events WHERE duration_ms NOT IN ('NaN', 'Infinity', '-Infinity') GROUP BY endpoint
                """
            ).rows
            for row in truth {
                let group = try #require(latency.groups.first { $0.value == row["endpoint"] })
                #expect(
                    group.count == row.int64("calls")
                        && group.calls == row.int64("calls")! + (row["endpoint"] == "search" ? 2 : 1))
                #expect(group.max?.doubleValue == row.double("mx"))
                #expect(abs(try #require(group.percentiles["p99"]).doubleValue - row.double("p99")!) < 1e-9)
            }
        }
    }

    /// Rolling WAU/MAU are grouped by dbops from the rows it reads, which arrive as UTF-8
    /// text: ids of raw bytes that differ only in bytes invalid as UTF-8 (0x80... here)
    /// were one user.
    @Test("MySQL/MariaDB: rolling active users over BINARY user ids count each id once, as COUNT(DISTINCT) does")
    func binaryUserIds() throws {
        try ScratchDatabase.with(.mysql, prefix: "anbin") { scratch in
            let connection = try scratch.connect()
            defer { connection.close() }
            try connection.executeScript(
                """
                CREATE TABLE usage_events (id INT AUTO_INCREMENT PRIMARY KEY, account BINARY(4) NOT NULL,
                                           happened_at DATETIME NOT NULL, amount DECIMAL(10, 2), endpoint VARCHAR(20),
                                           duration_ms INT);
                INSERT INTO usage_events (account, happened_at)
                SELECT UNHEX(CONCAT(HEX(128 + seq % 100), '000001')), '2026-03-21 12:00:00' + INTERVAL (seq % 5) DAY
                FROM seq_1_to_1000
                """)
            #expect(try connection.scalar("SELECT COUNT(DISTINCT account) FROM usage_events") == "100")
            let report = try AnalyticsRunner.activeUsers(
                scratch.config, label: "x", options: Self.options(since: "2026-03-19", until: "2026-03-27", tz: "UTC"))
            #expect(report.rolling && report.range?.activeUsers == 100, "\(String(describing: report.range))")
            #expect(report.buckets.last?.weeklyActiveUsers == 100)
            #expect(report.buckets.map(\.activeUsers) == [0, 0, 20, 20, 20, 20, 20, 0])
        }
    }

    @Test("An empty range and a range of one row")
    func emptyRangeAndSingleRow() throws {
        try Self.withBothEngines { pg, my in
            for scratch in [pg, my] {
                let empty = Self.options(since: "2025-01-01", until: "2025-01-03")
                let users = try AnalyticsRunner.activeUsers(scratch.config, label: "x", options: empty)
                #expect(users.buckets.map(\.activeUsers) == [0, 0] && users.buckets.map(\.events) == [0, 0])
                let cost = try AnalyticsRunner.cost(scratch.config, label: "x", options: empty)
                #expect(
                    cost.total.description == "0.000000" && cost.rows == 0 && cost.top.isEmpty && cost.others == nil)
                #expect(try AnalyticsRunner.latency(scratch.config, label: "x", options: empty).groups.isEmpty)

                // Exactly the row at the DST change instant (01:00:00 UTC, id 1558).
                let one = Self.options(since: "2026-03-29T01:00:00Z", until: "2026-03-29T01:00:01Z")
                let single = try AnalyticsRunner.latency(scratch.config, label: "x", options: one)
                let connection = try scratch.connect()
                let duration = try connection.scalar("SELECT duration_ms FROM usage_events WHERE id = 1558")
                connection.close()
                if let duration {
                    #expect(single.groups.count == 1)
                    let group = single.groups[0]
                    #expect(
                        group.calls == 1 && group.count == 1 && group.max?.description == duration
                            && group.mean?.description == duration + ".00")
                    #expect(group.percentiles.values.allSatisfy { $0.description == duration })
                } else {
                    // A call without a duration: counted, with nothing to take figures of.
                    #expect(single.groups.count == 1)
                    #expect(single.groups.first?.calls == 1 && single.groups.first?.count == 0)
                    #expect(single.groups.first?.mean == nil && single.groups.first?.percentiles.isEmpty == true)
                }
                let day = try AnalyticsRunner.activeUsers(scratch.config, label: "x", options: one)
                #expect(day.buckets.count == 1 && day.buckets[0].events == 1 && day.buckets[0].partial)
            }
        }
    }

    @Test("Profiles: each fixture database is recognised, and bad names are clear errors that inject nothing")
    func profilesAreDetectedAndNamesAreSafe() throws {
        let expected: [(Engine, String, String)] = [
            (.postgres, "infinitestories", "infinitestories"), (.postgres, "character_creation", "character_creation"),
            (.postgres, "storyboardai", "storyboardai"), (.mysql, "scriptpal", "scriptpal"),
            (.mysql, "ai_smartlite", "ai_smartlite"),
            (.mysql, "infinitestories", "infinitestories"), (.mysql, "storyboardai", "storyboardai"),
        ]
        for (engine, database, profile) in expected {
            let report = try AnalyticsRunner.activeUsers(
                TestServers.config(engine, database: database), label: database,
                options: AnalyticsOptions(since: "400d"))
            #expect(report.source.profile == profile, "\(engine) \(database)")
            #expect(report.buckets.reduce(0) { $0 + $1.events } > 0, "\(engine) \(database) has activity")
        }
        // Every built-in source with a value reads on its engine.
        let cost = try AnalyticsRunner.cost(
            TestServers.config(.mysql, database: "scriptpal"), label: "s", options: AnalyticsOptions(since: "400d"))
        #expect(cost.dimension == "model" && cost.total.units > 0)
        let pipelines = try AnalyticsRunner.latency(
            TestServers.config(.mysql, database: "ai_smartlite"), label: "a", options: AnalyticsOptions(since: "400d"))
        #expect(pipelines.dimension == "pipeline" && !pipelines.groups.isEmpty)
        let styles = try AnalyticsRunner.latency(
            TestServers.config(.postgres, database: "character_creation"), label: "c",
            options: AnalyticsOptions(since: "400d"))
        #expect(styles.dimension == "style" && !styles.groups.isEmpty)
        #expect(throws: AnalyticsError.self) {
            _ = try AnalyticsRunner.cost(
                TestServers.config(.postgres, database: "storyboardai"), label: "s",
                options: AnalyticsOptions(since: "30d"))
        }

        try Self.withBothEngines { pg, my in
            for scratch in [pg, my] {
                var options = Self.options()
                var hostile = Self.profile
                hostile.name = "hostile"
                hostile.sources[.dau]?.table = "usage_events\"; DROP TABLE usage_events; --"
                hostile.sources[.latency]?.value = "duration_ms`) FROM usage_events; DROP TABLE usage_events; --"
                options.profiles = [hostile]
                options.profile = "hostile"
                #expect(throws: AnalyticsError.self) {
                    _ = try AnalyticsRunner.activeUsers(scratch.config, label: "x", options: options)
                }
                #expect(throws: AnalyticsError.self) {
                    _ = try AnalyticsRunner.latency(scratch.config, label: "x", options: options)
                }
                options.dimension = "nonsense"
                options.profile = "events"
                #expect(throws: AnalyticsError.self) {
                    _ = try AnalyticsRunner.latency(scratch.config, label: "x", options: options)
                }
                let connection = try scratch.connect()
                #expect(try connection.scalar("SELECT count(*) FROM usage_events") == "1558")
                connection.close()
            }
        }
    }

    @Test(
        "InfiniteStories: the seed's own \"Daily active users\" and \"API performance\" SQL agree, and the MariaDB copy gives the same reports"
    )
    func seedQueriesAgree() throws {
        let pg = try TestServers.connect(.postgres, database: "infinitestories")
        defer { pg.close() }
        // A fixed "now" that both the seed SQL (NOW() replaced by it) and dbops use: the
        // 10th of last month at noon, so the 24 hours before it lie in one month bucket.
        let now = try #require(
            try pg.scalar(
                "SELECT date_trunc('month', max(created_at)) - interval '1 month' + interval '10 days 12 hours' FROM api_usage"
            ))
        let nowDate = try #require(Self.parseTimestamp(now))
        var options = AnalyticsOptions(since: "24h")
        options.now = nowDate
        options.until = "now"
        options.rolling = false
        options.bucket = .month
        let config = try TestServers.config(.postgres, database: "infinitestories")
        let dau = try AnalyticsRunner.activeUsers(config, label: "pg", options: options)
        let seedDAU = try pg.query(
            """
            SELECT COUNT(DISTINCT user_id) as dau
            FROM api_usage
            WHERE created_at > $1::timestamptz - INTERVAL '24 hours' AND created_at < $1::timestamptz
            """, [.text(now)]
        ).rows[0]
        #expect(dau.buckets.count == 1 && dau.buckets.first?.activeUsers == seedDAU.int("dau"))
        // The document's words, "active users in the last 24 hours": the whole range of a
        // plain `dau --since 24h` (day buckets, rolling), on both engines.
        var last24h = options
        last24h.bucket = .day
        last24h.rolling = true
        let window = try AnalyticsRunner.activeUsers(config, label: "pg", options: last24h)
        #expect(window.buckets.count == 2 && window.range?.activeUsers == seedDAU.int("dau"))
        let mariadbWindow = try AnalyticsRunner.activeUsers(
            TestServers.config(.mysql, database: "infinitestories"), label: "my", options: last24h)
        #expect(mariadbWindow.range == window.range)

        options.since = "168h"
        let latency = try AnalyticsRunner.latency(config, label: "pg", options: options)
        let cost = try AnalyticsRunner.cost(config, label: "pg", options: options)
        let seed = try pg.query(
            """
            SELECT
                function_name,
                COUNT(*) as calls,
                COUNT(response_time_ms) AS timed,
                AVG(response_time_ms) as avg_response,
                PERCENTILE_CONT(0.95) WITHIN GROUP (ORDER BY response_time_ms) as p95_response,
                SUM(cost_estimate) as total_cost
            FROM api_usage
            WHERE created_at > $1::timestamptz - INTERVAL '7 days' AND created_at < $1::timestamptz
            GROUP BY function_name
            """, [.text(now)]
        ).rows
        #expect(seed.count == 6)
        for row in seed {
            let function = try #require(row["function_name"])
            let group = try #require(latency.groups.first { $0.value == function })
            let mean = try #require(row.double("avg_response"))
            #expect(abs((group.mean?.doubleValue ?? -1) - mean) < 0.005 + 1e-9, "\(function) mean")
            // The document's calls count every row; the percentiles those with a duration.
            #expect(group.calls == row.int64("calls"), "\(function) calls")
            #expect(group.count == row.int64("timed"), "\(function) calls with a duration")
            #expect(abs(group.percentiles["p95"]!.doubleValue - row.double("p95_response")!) < 1e-6, "\(function) p95")
            let share = try #require(cost.top.first { $0.value == function })
            #expect(share.cost.description == row["total_cost"], "\(function) cost")
            #expect(share.rows == row.int64("calls"))
        }

        // The MariaDB copy holds the same api_usage rows.
        let mysql = try TestServers.config(.mysql, database: "infinitestories")
        options.bucket = .day
        options.rolling = true
        options.since = "40d"
        options.timeZone = "Australia/Sydney"
        #expect(
            try Self.comparable(AnalyticsRunner.activeUsers(mysql, label: "my", options: options))
                == Self.comparable(AnalyticsRunner.activeUsers(config, label: "pg", options: options)))
        #expect(
            try Self.comparable(AnalyticsRunner.cost(mysql, label: "my", options: options))
                == Self.comparable(AnalyticsRunner.cost(config, label: "pg", options: options)))
        #expect(
            try Self.comparable(AnalyticsRunner.latency(mysql, label: "my", options: options))
                == Self.comparable(AnalyticsRunner.latency(config, label: "pg", options: options)))
    }

    @Test(
        "InfiniteStories over 130 days (three bitmask words): DAU, WAU and MAU are PostgreSQL's count(DISTINCT) per window, on both engines"
    )
    func rollingWindowsOverLongRange() throws {
        let pg = try TestServers.connect(.postgres, database: "infinitestories")
        defer { pg.close() }
        let until = try #require(
            try pg.scalar("SELECT (max(created_at) AT TIME ZONE 'UTC')::date::text FROM api_usage"))
        var options = AnalyticsOptions(since: "2000-01-01")
        options.until = until
        options.since = try #require(try pg.scalar("SELECT ($1::date - 130)::text", [.text(until)]))
        let expected = try pg.query(
            """
            WITH days AS (SELECT d::date AS day FROM generate_series($1::date, $2::date - 1, interval '1 day') d)
            SELECT day::text AS day,
                   (SELECT count(DISTINCT user_id) FROM api_usage WHERE created_at >= (day::timestamp AT TIME ZONE 'UTC')
                      AND created_at < ((day + 1)::timestamp AT TIME ZONE 'UTC')) AS dau,
                   (SELECT count(*) FROM api_usage WHERE created_at >= (day::timestamp AT TIME ZONE 'UTC')
                      AND created_at < ((day + 1)::timestamp AT TIME ZONE 'UTC')) AS events,
                   (SELECT count(DISTINCT user_id) FROM api_usage WHERE created_at >= ((day - 6)::timestamp AT TIME ZONE 'UTC')
                      AND created_at < ((day + 1)::timestamp AT TIME ZONE 'UTC')) AS wau,
                   (SELECT count(DISTINCT user_id) FROM api_usage WHERE created_at >= ((day - 29)::timestamp AT TIME ZONE 'UTC')
                      AND created_at < ((day + 1)::timestamp AT TIME ZONE 'UTC')) AS mau
            FROM days ORDER BY day
            """, [.text(options.since), .text(until)]
        ).rows
        #expect(expected.count == 130)
        let report = try AnalyticsRunner.activeUsers(
            try TestServers.config(.postgres, database: "infinitestories"), label: "pg", options: options)
        #expect(report.buckets.map(\.start) == expected.map { $0["day"]! })
        #expect(report.buckets.map(\.activeUsers) == expected.map { $0.int("dau")! })
        #expect(report.buckets.map(\.events) == expected.map { $0.int64("events")! })
        #expect(report.buckets.dropFirst(6).map(\.weeklyActiveUsers) == expected.dropFirst(6).map { $0.int("wau") })
        #expect(report.buckets.dropFirst(29).map(\.monthlyActiveUsers) == expected.dropFirst(29).map { $0.int("mau") })
        #expect(report.buckets.contains { ($0.monthlyActiveUsers ?? 0) > 0 }, "the fixture has users in this range")
        let mysql = try AnalyticsRunner.activeUsers(
            try TestServers.config(.mysql, database: "infinitestories"), label: "my", options: options)
        #expect(try Self.comparable(mysql) == Self.comparable(report))
    }

    static func parseTimestamp(_ text: String) -> Date? {
        // "2026-11-20 21:00:00+00" as PostgreSQL prints a timestamptz in a UTC session.
        let digits = text.split(whereSeparator: { !$0.isNumber }).compactMap { Int($0) }
        guard digits.count >= 6 else { return nil }
        let civil = CivilTime(
            year: digits[0], month: digits[1], day: digits[2], hour: digits[3], minute: digits[4], second: digits[5])
        return Date(timeIntervalSince1970: TimeInterval(civil.unixSeconds))
    }

    @Test("--explain shows a plan that reads the time index for a short range, and runs nothing")
    func explainShowsTheIndex() throws {
        try Self.withBothEngines { pg, my in
            for scratch in [pg, my] {
                let connection = try scratch.connect()
                try connection.executeScript(
                    scratch.engine == .postgres ? "ANALYZE usage_events" : "ANALYZE TABLE usage_events")
                connection.close()
                for metric in Metric.allCases {
                    let plan = try AnalyticsRunner.explain(
                        metric, scratch.config, label: "x",
                        options: Self.options(since: "2026-03-29T10:00Z", until: "2026-03-29T11:00Z"))
                    let text = plan.plan.joined(separator: "\n")
                    #expect(text.contains("happened_at"), "\(scratch.engine) \(metric): \(text)")
                    let tableReads = plan.plan.filter {
                        $0.contains("table=usage_events") || $0.contains("on usage_events")
                    }
                    #expect(
                        !tableReads.isEmpty
                            && tableReads.allSatisfy { !$0.contains("Seq Scan") && !$0.contains("type=ALL") },
                        "\(scratch.engine) \(metric) reads the whole table: \(text)")
                    #expect(
                        plan.sql.contains("happened_at") && !plan.sql.contains("2026-03-29"),
                        "values are bound, not spliced")
                }
            }
        }
    }
}

extension SystemRandomNumberGenerator {
    /// A small deterministic generator (SplitMix64) so the rows are the same on every run.
    struct Seeded: RandomNumberGenerator {
        var state: UInt64
        init(seed: UInt64) { state = seed }
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }
}
