import DBCore
import Foundation
import Testing
import TestSupport

/// AI_SMARTLITE's document (seed 003), question by question, on its MariaDB fixture:
/// "request counts" (usage_metrics.request_count summed), "Partition large tables" (the
/// advice dbops prints runs as printed on a copy of the fixture, then dbops premakes and
/// retires its partitions), the fixture variant where the operator applied that advice,
/// and "Implement data retention policies" (the built-in retention rules, asked for).
@Suite("AI_SMARTLITE's questions through dbops")
struct AISmartliteQuestionsTests {
    static let tables = [
        "users", "llm_conversations", "pipelines", "usage_metrics", "pipeline_executions", "llm_messages",
    ]

    static func json(_ result: DBOpsProcess.Result) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: result.stdoutData) as? [String: Any], "\(result)")
    }

    /// A database of the test's own holding the fixture's schema (its own DDL file) and the
    /// rows of the tables the questions touch, copied from the loaded fixture.
    static func withCopy(_ body: (ScratchDatabase, DatabaseConnection) throws -> Void) throws {
        try ScratchDatabase.with(.mysql, prefix: "smartlite") { scratch in
            let connection = try scratch.connect()
            defer { connection.close() }
            let ddl = try String(
                contentsOf: DBOpsProcess.packageRoot.appendingPathComponent("fixtures/mysql/ai_smartlite.sql"),
                encoding: .utf8)
            try connection.executeScript(ddl)
            try connection.executeScript("SET SESSION foreign_key_checks = 0")
            for table in tables {
                try connection.executeScript("INSERT INTO \(table) SELECT * FROM ai_smartlite.\(table)")
            }
            try connection.executeScript("SET SESSION foreign_key_checks = 1")
            try body(scratch, connection)
        }
    }

    @Test("Request counts: the cost report sums request_count, per service and in all, as the document counts them")
    func requestCounts() throws {
        let url = try TestServers.url(.mysql, database: "ai_smartlite")
        let result = try DBOpsProcess.run(
            ["analytics", "cost", "--since", "2000-01-01", "--format", "json"], environment: ["DBOPS_URL": url])
        #expect(result.exitCode == 0, "\(result)")
        let report = try Self.json(result)
        let check = try TestServers.connect(.mysql, database: "ai_smartlite")
        defer { check.close() }
        // The document: "request_count INT: Number of requests" of each usage_metrics row.
        let total = try check.scalar("SELECT SUM(request_count) FROM usage_metrics WHERE `date` < NOW()")
        #expect((report["requests"] as? Int).map(String.init) == total, "\(result.stdout)")
        #expect(report["request_column"] as? String == "request_count")
        let rows = try check.scalar("SELECT COUNT(*) FROM usage_metrics WHERE `date` < NOW()")
        #expect((report["rows"] as? Int).map(String.init) == rows)
        for row in try check.query(
            "SELECT service, SUM(request_count) AS requests FROM usage_metrics WHERE `date` < NOW() GROUP BY service"
        ).rows {
            let share = ((report["top"] as? [[String: Any]]) ?? []).first { $0["value"] as? String == row["service"] }
            #expect((share?["requests"] as? Int).map(String.init) == row["requests"], "\(row["service"] ?? "")")
        }
    }

    @Test(
        "Partition large tables: the advice runs as printed on the fixture's tables, keeps every row, and dbops manages the result"
    )
    func partitionAdviceThenPremakeAndRetention() throws {
        try Self.withCopy { scratch, connection in
            let env = ["DBOPS_URL": try scratch.url]
            let counts = try Dictionary(
                uniqueKeysWithValues: ["usage_metrics", "pipeline_executions", "llm_messages"].map {
                    ($0, try connection.scalar("SELECT COUNT(*) FROM \($0)") ?? "")
                })
            let check = try DBOpsProcess.run(["partitions", "--check", "--format", "json"], environment: env)
            #expect(check.exitCode == 1, "not partitioned is a WARNING: \(check)")
            let advised = ((try Self.json(check)["tables"] as? [[String: Any]]) ?? [])
            #expect(Set(advised.compactMap { $0["table"] as? String }) == Set(counts.keys), "\(check.stdout)")
            for table in advised {
                let advice = ((table["problems"] as? [String]) ?? []).joined(separator: "\n")
                #expect(
                    advice.contains("DROP FOREIGN KEY"), "InnoDB partitioned tables have no foreign keys: \(advice)")
                #expect(advice.contains("UNIX_TIMESTAMP("), "TIMESTAMP keys take RANGE on UNIX_TIMESTAMP(): \(advice)")
                let statements = advice.split(separator: "\n").filter { $0.hasPrefix("  ") }.map {
                    String($0.dropFirst(2).dropLast())
                }
                #expect(statements.count >= 3, "\(advice)")
                for statement in statements {
                    do { try connection.executeScript(statement) } catch {
                        Issue.record("the advice failed as printed: \(statement): \(error)")
                    }
                }
            }
            for (table, count) in counts {
                #expect(try connection.scalar("SELECT COUNT(*) FROM \(table)") == count, "\(table): every row kept")
            }
            // The advice made the current month and the two ahead: dbops now manages them.
            let after = try DBOpsProcess.run(["partitions", "--check", "--format", "json"], environment: env)
            #expect(after.exitCode == 0, "\(after)")
            for table in (try Self.json(after)["tables"] as? [[String: Any]]) ?? [] {
                #expect(table["partitioned"] as? Bool == true && (table["future"] as? Int) == 2, "\(table)")
            }
            for (table, count) in counts {
                #expect(try connection.scalar("SELECT COUNT(*) FROM \(table)") == count, "\(table): every row kept")
            }
        }
    }

    @Test("Retention on the partitioned variant: whole months past the period are dumped and dropped, nothing else")
    func partitionRetention() throws {
        try ScratchDatabase.with(.mysql, prefix: "smartpart") { scratch in
            let connection = try scratch.connect()
            defer { connection.close() }
            // The variant's tables as the operator partitioned them (LIKE keeps the partitioning).
            for table in ["usage_metrics", "pipeline_executions", "llm_messages"] {
                try connection.executeScript(
                    "CREATE TABLE \(table) LIKE ai_smartlite_partitioned.\(table); INSERT INTO \(table) SELECT * FROM ai_smartlite_partitioned.\(table)"
                )
            }
            let total = Int(try connection.scalar("SELECT COUNT(*) FROM llm_messages") ?? "") ?? 0
            let config = FileManager.default.temporaryDirectory.appendingPathComponent("dbops-smartlite-\(UUID()).toml")
            let retired = FileManager.default.temporaryDirectory.appendingPathComponent("dbops-retired-\(UUID())")
            defer {
                try? FileManager.default.removeItem(at: config)
                try? FileManager.default.removeItem(at: retired)
            }
            // Six months for the messages, as the operator might set it; nothing for the rest.
            try """
            [partitions]
            retention_dir = "\(retired.path)"
            [partitions.rules."ai_smartlite.llm_messages"]
            retention = "6 months"
            """.write(to: config, atomically: true, encoding: .utf8)
            // Monthly partitions wholly before now - 6 months: rows before that month's start.
            let cutoff = try #require(try connection.scalar("SELECT DATE_FORMAT(NOW() - INTERVAL 6 MONTH, '%Y-%m-01')"))
            let old =
                Int(try connection.scalar("SELECT COUNT(*) FROM llm_messages WHERE created_at < '\(cutoff)'") ?? "")
                ?? 0
            #expect(old > 0, "the fixture reaches back a year")
            let run = try DBOpsProcess.run(
                ["partitions", "--config", config.path, "--format", "json"], environment: ["DBOPS_URL": try scratch.url]
            )
            #expect(run.exitCode == 0, "\(run)")
            let messages = ((try Self.json(run)["tables"] as? [[String: Any]]) ?? []).first {
                $0["table"] as? String == "llm_messages"
            }
            // The operator partitioned up to the current month: two ahead are premade.
            for table in (try Self.json(run)["tables"] as? [[String: Any]]) ?? [] {
                #expect((table["created"] as? [Any])?.count == 2, "two months ahead: \(table)")
            }
            let retiredRows = ((messages?["retired"] as? [[String: Any]]) ?? []).reduce(0) {
                $0 + ($1["rows"] as? Int ?? 0)
            }
            #expect(retiredRows == old, "\(run.stdout)")
            #expect(try connection.scalar("SELECT COUNT(*) FROM llm_messages") == String(total - old))
            #expect(try connection.scalar("SELECT COUNT(*) FROM llm_messages WHERE created_at < '\(cutoff)'") == "0")
            #expect(
                try FileManager.default.contentsOfDirectory(atPath: retired.path).count
                    == (messages?["retired"] as? [Any])?.count)
            #expect(
                try connection.scalar("SELECT COUNT(*) FROM usage_metrics")
                    == connection.scalar("SELECT COUNT(*) FROM ai_smartlite_partitioned.usage_metrics"),
                "no retention asked for usage_metrics")
        }
    }

    @Test("The fixture variant the operator partitioned: dbops manages its three tables")
    func partitionedVariant() throws {
        let url = try TestServers.url(.mysql, database: "ai_smartlite_partitioned")
        let check = try DBOpsProcess.run(
            ["partitions", "--check", "--format", "json"], environment: ["DBOPS_URL": url])
        let tables = (try Self.json(check)["tables"] as? [[String: Any]]) ?? []
        #expect(tables.count == 3, "\(check)")
        for table in tables {
            #expect(table["partitioned"] as? Bool == true, "\(table)")
            #expect((table["problems"] as? [String] ?? []).isEmpty, "\(table)")
        }
        let connection = try TestServers.connect(.mysql, database: "ai_smartlite_partitioned")
        defer { connection.close() }
        #expect(
            try connection.scalar("SELECT COUNT(*) FROM usage_metrics")
                == connection.scalar("SELECT COUNT(*) FROM ai_smartlite.usage_metrics"))
    }

    @Test("Data retention: the built-in rules run when asked, deleting exactly the rows older than their period")
    func retentionRules() throws {
        try Self.withCopy { scratch, connection in
            let env = ["DBOPS_URL": try scratch.url]
            let plain = try DBOpsProcess.run(["cleanup", "--dry-run", "--format", "json"], environment: env)
            #expect(plain.exitCode == 0, "\(plain)")
            let plainReport = try Self.json(plain)
            let rules = ((plainReport["tables"] as? [[String: Any]]) ?? []).compactMap { $0["rule"] as? String }
            #expect(!rules.contains("ai_smartlite.llm_messages"), "retention only when asked: \(rules)")
            #expect(
                ((plainReport["notes"] as? [String]) ?? []).contains { $0.contains("ai_smartlite.pipeline_executions") }
            )

            let config = FileManager.default.temporaryDirectory.appendingPathComponent("dbops-retention-\(UUID()).toml")
            defer { try? FileManager.default.removeItem(at: config) }
            try """
            [cleanup.rules."ai_smartlite.pipeline_executions"]
            grace = "90d"
            """.write(to: config, atomically: true, encoding: .utf8)
            let total = Int(try connection.scalar("SELECT COUNT(*) FROM pipeline_executions") ?? "") ?? 0
            let run = try DBOpsProcess.run(
                ["cleanup", "--config", config.path, "--rule", "ai_smartlite.pipeline_executions", "--format", "json"],
                environment: env)
            #expect(run.exitCode == 0, "\(run)")
            #expect(
                try connection.scalar(
                    "SELECT COUNT(*) FROM pipeline_executions WHERE created_at < NOW() - INTERVAL 90 DAY") == "0")
            let deleted = ((try Self.json(run)["tables"] as? [[String: Any]])?.first?["rows"] as? Int) ?? -1
            let left = Int(try connection.scalar("SELECT COUNT(*) FROM pipeline_executions") ?? "") ?? 0
            #expect(deleted > 0 && deleted == total - left, "\(run.stdout)")
            #expect(
                try connection.scalar("SELECT COUNT(*) FROM llm_messages")
                    == connection.scalar("SELECT COUNT(*) FROM ai_smartlite.llm_messages"))
        }
    }
}
