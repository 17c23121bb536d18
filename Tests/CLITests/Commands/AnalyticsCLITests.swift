import DBCore
import Foundation
import Testing
import TestSupport

@Suite("dbops analytics commands")
struct AnalyticsCLITests {
    @Test(
        "dau, cost, latency in text, JSON, CSV and Prometheus; the profile comes from the tables",
        arguments: Engine.allCases)
    func formats(_ engine: Engine) throws {
        let env = ["DBOPS_URL": try TestServers.url(engine, database: "infinitestories")]
        let password = try TestServers.password(engine)

        let text = try DBOpsProcess.run(
            ["analytics", "dau", "--since", "14d", "--tz", "Europe/Berlin"], environment: env)
        #expect(text.exitCode == 0, "\(text)")
        #expect(
            text.stdout.contains("profile infinitestories") && text.stdout.contains("WAU") && text.stdout.contains("█"))
        #expect(text.stdout.contains("last complete day"))

        let csv = try DBOpsProcess.run(["analytics", "dau", "--since", "14d", "--format", "csv"], environment: env)
        let lines = csv.stdout.split(separator: "\r\n")
        #expect(lines.first == "start,partial,active_users,events,weekly_active_users,monthly_active_users")
        #expect(lines.count == 16, "14 whole days and today: \(csv)")

        let json = try DBOpsProcess.run(
            ["analytics", "cost", "--since", "30d", "--by", "user", "--top", "5", "--format", "json"], environment: env)
        #expect(json.exitCode == 0, "\(json)")
        let cost = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect(cost["schema"] as? String == "dbops.analytics.cost/v1")
        #expect((cost["top"] as? [[String: Any]])?.count == 5 && cost["dimension"] as? String == "user")
        // Exact decimals are JSON numbers with every digit.
        let total = try #require(cost["total"] as? NSNumber)
        #expect(
            total.doubleValue > 0
                && json.stdout.range(of: #""total" : [0-9]+\.[0-9]+"#, options: .regularExpression) != nil)

        let prometheus = try DBOpsProcess.run(
            ["analytics", "latency", "--since", "7d", "--format", "prometheus"], environment: env)
        #expect(prometheus.exitCode == 0, "\(prometheus)")
        #expect(prometheus.stdout.contains("# TYPE dbops_analytics_latency gauge"))
        #expect(
            prometheus.stdout.contains("quantile=\"0.95\"") && prometheus.stdout.contains("value=\"generate-story\""))
        let dauGauge = try DBOpsProcess.run(["analytics", "dau", "--format", "prometheus"], environment: env)
        #expect(
            dauGauge.stdout.contains("dbops_analytics_active_users{")
                && dauGauge.stdout.contains("window=\"month_rolling\""), "\(dauGauge)")

        let latencyCSV = try DBOpsProcess.run(
            ["analytics", "latency", "--since", "30d", "--percentiles", "50,90,99.9", "--format", "csv"],
            environment: env)
        #expect(latencyCSV.stdout.hasPrefix("function,calls,count,mean,p50,p90,p99.9,max\r\n"), "\(latencyCSV)")

        let plan = try DBOpsProcess.run(["analytics", "cost", "--since", "2d", "--explain"], environment: env)
        #expect(
            plan.exitCode == 0 && plan.stdout.contains("created_at") && plan.stdout.contains("parameters: 1="),
            "\(plan)")

        for result in [text, csv, json, prometheus, dauGauge, latencyCSV, plan] {
            #expect(!result.stdout.contains(password) && !result.stderr.contains(password))
        }
    }

    @Test("A profile from the config file; bad options are usage errors; a missing table is one line and exit 1")
    func configProfilesAndErrors() throws {
        try ScratchDatabase.with(.mysql, prefix: "clian") { scratch in
            let connection = try scratch.connect()
            try connection.executeScript(
                """
                CREATE TABLE orders (id INT PRIMARY KEY, customer VARCHAR(20), placed DATETIME NOT NULL, total DECIMAL(9,2), country CHAR(2), items INT);
                INSERT INTO orders VALUES (1, 'a', '2026-01-05 10:00:00', 10.10, 'DE', 2), (2, 'b', '2026-01-05 23:30:00', 5.05, 'FR', 1),
                                          (3, 'a', '2026-01-06 09:00:00', NULL, 'DE', 5), (4, 'c', '2026-01-07 12:00:00', 0.01, NULL, 3);
                CREATE TABLE reviews (id INT PRIMARY KEY, author VARCHAR(20), written DATETIME NOT NULL);
                INSERT INTO reviews VALUES (1, 'd', '2026-01-06 08:00:00'), (2, 'a', '2026-01-07 08:00:00'), (3, 'c', '2026-01-07 09:00:00')
                """)
            connection.close()
            let config = FileManager.default.temporaryDirectory.appendingPathComponent(
                "dbops-analytics-\(UUID().uuidString).toml"
            ).path
            try """
            [analytics]
            time_zone = "Europe/Berlin"

            [analytics.profiles.shop]
            detect = ["orders"]
            cost = { table = "orders", time = "placed", user = "customer", value = "total", unit = "EUR", dimensions = { country = "country" }, default_by = "country", count = "items" }

            [analytics.profiles.shop.dau]
            table = "orders"
            user = "customer"
            time = "placed"

            # Customers are active through their reviews too.
            [analytics.profiles.shop.dau.also.reviews]
            time = "written"
            user = "author"

            [analytics.profiles.broken]
            dau = { table = "no_such_table", user = "customer", time = "placed" }
            """.write(toFile: config, atomically: true, encoding: .utf8)
            defer { try? FileManager.default.removeItem(atPath: config) }
            let env = ["DBOPS_URL": try scratch.url, "DBOPS_CONFIG": config]

            let cost = try DBOpsProcess.run(
                ["analytics", "cost", "--since", "2026-01-05", "--until", "2026-01-08", "--format", "csv"],
                environment: env)
            #expect(cost.exitCode == 0, "\(cost)")
            // 23:30 UTC on the 5th is the 6th in Berlin.
            // Rows, then requests: the items column summed.
            #expect(cost.stdout.contains("day,2026-01-05,false,10.10,1,2,\r\n"), "\(cost.stdout)")
            #expect(cost.stdout.contains("day,2026-01-06,false,5.05,2,6,\r\n"))
            #expect(
                cost.stdout.contains("country,DE,,10.10,2,7,66.62\r\n")
                    && cost.stdout.contains("country,,,0.01,1,3,0.07\r\n"))
            let costText = try DBOpsProcess.run(
                ["analytics", "cost", "--since", "2026-01-05", "--until", "2026-01-08"], environment: env)
            #expect(costText.stdout.contains("over 4 rows, 11 requests (sum of items)"), "\(costText)")
            // A customer active through orders or reviews counts once: a, b, c and d.
            let users = try DBOpsProcess.run(
                ["analytics", "dau", "--since", "2026-01-05", "--until", "2026-01-08", "--format", "json"],
                environment: env)
            let usersJSON = try #require(
                try JSONSerialization.jsonObject(with: Data(users.stdout.utf8)) as? [String: Any], "\(users)")
            #expect((usersJSON["range"] as? [String: Any])?["active_users"] as? Int == 4, "\(users.stdout)")
            // Berlin days: the 5th a; the 6th b (23:30 UTC), a, d; the 7th a, c (c twice).
            #expect(
                (usersJSON["buckets"] as? [[String: Any]])?.map { $0["active_users"] as? Int } == [1, 3, 2],
                "\(users.stdout)")
            let dau = try DBOpsProcess.run(
                ["analytics", "dau", "--since", "2026-01-05", "--until", "2026-01-08", "--bucket", "week"],
                environment: env)
            #expect(
                dau.exitCode == 0 && dau.stdout.contains("profile shop") && dau.stdout.contains("2026-01-05"), "\(dau)")

            let missing = try DBOpsProcess.run(["analytics", "dau", "--profile", "broken"], environment: env)
            #expect(
                missing.exitCode == 1 && missing.stderr.contains("no_such_table")
                    && missing.stderr.split(separator: "\n").count == 1, "\(missing)")
            let noLatency = try DBOpsProcess.run(["analytics", "latency"], environment: env)
            #expect(noLatency.exitCode == 64 && noLatency.stderr.contains("no duration source"), "\(noLatency)")
            for (arguments, fragment) in [
                (["analytics", "dau", "--tz", "Nowhere/Atlantis"], "unknown time zone"),
                (["analytics", "dau", "--since", "last tuesday"], "--since"),
                (["analytics", "cost", "--by", "planet"], "--by planet"),
                (["analytics", "latency", "--profile", "nope"], "no analytics profile named nope"),
                (["analytics", "cost", "--top", "0"], "--top"),
            ] {
                let result = try DBOpsProcess.run(arguments, environment: env)
                #expect(result.exitCode == 64 && result.stderr.contains(fragment), "\(arguments): \(result)")
            }
        }
    }
}
