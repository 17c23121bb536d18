import DBCore
import Foundation
import Testing
import TestSupport

/// `dbops analytics top` from a config profile, on both engines, against a ranking worked
/// out here from the rows themselves.
@Suite("dbops analytics top")
struct TopCLITests {
    /// 30 products (one without orders, some whose orders all lack a total), 400 orders,
    /// some without a product; every order's product, time and total from a fixed seed.
    struct Order {
        var product: Int?
        var day: Int
        var total: Int?
    }

    static func orders() -> [Order] {
        var seed: UInt64 = 7
        func next(_ n: UInt64) -> Int {
            seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((seed >> 33) % n)
        }
        return (0..<400).map { _ in
            let product = next(20) == 0 ? nil : 1 + next(29)
            let total = product.map { $0 % 7 == 0 } == true || next(9) == 0 ? nil : next(500)
            return Order(product: product, day: 1 + next(28), total: total)
        }
    }

    /// (key, children, measured, sum) best first: more children first, then the smaller key.
    static func ranking(_ orders: [Order], days: ClosedRange<Int>) -> [(Int, Int, Int, Int?)] {
        var counts: [Int: (Int, Int, Int?)] = [:]
        for order in orders where days.contains(order.day) {
            guard let product = order.product else { continue }
            var entry = counts[product] ?? (0, 0, nil)
            entry.0 += 1
            if let total = order.total {
                entry.1 += 1
                entry.2 = (entry.2 ?? 0) + total
            }
            counts[product] = entry
        }
        return counts.map { ($0.key, $0.value.0, $0.value.1, $0.value.2) }
            .sorted { $0.1 != $1.1 ? $0.1 > $1.1 : String($0.0) < String($1.0) }
    }

    @Test("The same ranking on PostgreSQL and MariaDB: ties by key, NULL measures left out, --since, hostile names")
    func bothEngines() throws {
        let orders = Self.orders()
        let config = FileManager.default.temporaryDirectory.appendingPathComponent("dbops-top-\(UUID()).toml")
        defer { try? FileManager.default.removeItem(at: config) }
        // Names a careless query would break on: a space, a quote, a reserved word.
        try """
        [analytics.profiles.shop]
        detect = ["order lines"]

        [analytics.profiles.shop.top]
        table = "products"
        key = "code"
        label = "select"
        children = "order lines"
        child_key = "product's code"
        child_time = "placed"
        measure = "total"
        """.write(to: config, atomically: true, encoding: .utf8)
        for engine in [Engine.postgres, .mysql] {
            try ScratchDatabase.with(engine, prefix: "top") { scratch in
                let connection = try scratch.connect()
                defer { connection.close() }
                let q = { (name: String) in connection.dialect.quote(name) }
                let time = engine == .postgres ? "timestamptz" : "DATETIME"
                // Keys as text: ties are ranked by the key as the server orders it.
                try connection.executeScript(
                    """
                    CREATE TABLE products (code VARCHAR(10) PRIMARY KEY, \(q("select")) VARCHAR(40));
                    CREATE TABLE \(q("order lines")) (id INT PRIMARY KEY, \(q("product's code")) VARCHAR(10), placed \(time) NOT NULL, total INT)
                    """)
                try connection.executeScript(
                    "INSERT INTO products VALUES "
                        + (1...30).map {
                            "('\($0)', 'product ''\($0)'' \\u{1B}[31m')".replacingOccurrences(
                                of: "\\u{1B}", with: "\u{1B}")
                        }.joined(separator: ", "))
                try connection.executeScript(
                    "INSERT INTO \(q("order lines")) VALUES "
                        + orders.enumerated().map { i, o in
                            "(\(i), \(o.product.map { "'\($0)'" } ?? "NULL"), '2026-02-\(String(format: "%02d", o.day)) 12:00:00', \(o.total.map(String.init) ?? "NULL"))"
                        }.joined(separator: ", "))
                for (since, days) in [(nil, 1...28), ("2026-02-10", 10...28)] {
                    var arguments = ["analytics", "top", "--config", config.path, "--top", "12", "--format", "json"]
                    if let since { arguments += ["--since", since, "--until", "2026-03-01", "--tz", "UTC"] }
                    let result = try DBOpsProcess.run(arguments, environment: ["DBOPS_URL": try scratch.url])
                    #expect(result.exitCode == 0, "\(engine): \(result)")
                    let report = try #require(
                        try JSONSerialization.jsonObject(with: result.stdoutData) as? [String: Any])
                    let entries = report["entries"] as? [[String: Any]] ?? []
                    let expected = Self.ranking(orders, days: days)
                    #expect(report["parents"] as? Int == expected.count, "\(engine)")
                    #expect(report["children"] as? Int == expected.reduce(0) { $0 + $1.1 }, "\(engine)")
                    #expect(report["all_time"] as? Bool == (since == nil))
                    #expect(entries.count == 12)
                    for (entry, (key, children, measured, sum)) in zip(entries, expected) {
                        #expect(entry["key"] as? String == String(key), "\(engine) \(since ?? "all") \(entry)")
                        #expect(entry["label"] as? String == "product '\(key)' \u{1B}[31m")
                        #expect(entry["children"] as? Int == children && entry["measured"] as? Int == measured)
                        let average = sum.map { Decimal($0) / Decimal(measured) }
                        if let average, let got = entry["measure_average"] {
                            let difference = (Decimal(string: "\(got)") ?? -1) - average
                            #expect(difference.magnitude < Decimal(string: "0.000001")!, "\(entry) vs \(average)")
                        } else {
                            #expect(entry["measure_average"] == nil || entry["measure_average"] is NSNull, "\(entry)")
                        }
                    }
                }
                // The text report puts no escape sequence on the terminal.
                let text = try DBOpsProcess.run(
                    ["analytics", "top", "--config", config.path], environment: ["DBOPS_URL": try scratch.url])
                #expect(text.exitCode == 0 && !text.stdout.contains("\u{1B}") && text.stdout.contains("product '"))
            }
        }
    }

    @Test("--explain shows the ranking's statement and the server's plan, and runs nothing")
    func explain() throws {
        let result = try DBOpsProcess.run(
            ["analytics", "top", "--explain", "--since", "30d", "--format", "json"],
            environment: ["DBOPS_URL": try TestServers.url(.postgres, database: "infinitestories")])
        #expect(result.exitCode == 0, "\(result)")
        let plan = try #require(try JSONSerialization.jsonObject(with: result.stdoutData) as? [String: Any])
        #expect(plan["schema"] as? String == "dbops.analytics.plan/v1" && plan["metric"] as? String == "top")
        let sql = plan["sql"] as? String ?? ""
        #expect(sql.contains("\"stories\" c") && sql.contains("\"created_at\" >= $1"), "\(sql)")
        #expect(!((plan["plan"] as? [String]) ?? []).isEmpty)
        #expect(!((plan["plan"] as? [String]) ?? []).contains { $0.contains("actual time") }, "EXPLAIN, not ANALYZE")
    }

    @Test("A profile without a top source, a missing column and a bad config key: one line each")
    func errors() throws {
        let storyboard = try DBOpsProcess.run(
            ["analytics", "top"], environment: ["DBOPS_URL": try TestServers.url(.postgres, database: "storyboardai")])
        #expect(storyboard.exitCode == 64 && storyboard.stderr.contains("no top source"), "\(storyboard)")
        let config = FileManager.default.temporaryDirectory.appendingPathComponent("dbops-top-\(UUID()).toml")
        defer { try? FileManager.default.removeItem(at: config) }
        try """
        [analytics.profiles.heroes]
        top = { table = "heroes", label = "name", children = "stories", child_key = "hero", child_time = "created_at" }
        """.write(to: config, atomically: true, encoding: .utf8)
        let env = ["DBOPS_URL": try TestServers.url(.postgres, database: "infinitestories")]
        let missing = try DBOpsProcess.run(
            ["analytics", "top", "--config", config.path, "--profile", "heroes"], environment: env)
        #expect(missing.exitCode == 1 && missing.stderr.contains("no column hero"), "\(missing)")
        #expect(missing.stderr.split(separator: "\n").count == 1, "\(missing)")
        try """
        [analytics.profiles.typo]
        top = { table = "heroes", label = "name", children = "stories", child_key = "hero_id", child_time = "created_at", mesure = "x" }
        """.write(to: config, atomically: true, encoding: .utf8)
        let typo = try DBOpsProcess.run(["analytics", "top", "--config", config.path], environment: env)
        #expect(typo.exitCode == 64 && typo.stderr.contains("mesure"), "\(typo)")
    }
}
