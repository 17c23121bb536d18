import DBCore
import Foundation
import Glibc
import Testing
import TestSupport

/// `dbops health` as a monitoring system runs it: exit codes, formats, bad input.
@Suite("dbops health command")
struct HealthCLITests {
    func env(_ engine: Engine, database: String? = nil) throws -> [String: String] {
        ["DBOPS_URL": try database.map { try TestServers.url(engine, database: $0) } ?? TestServers.url(engine)]
    }

    @Test("Exit codes follow the thresholds: 0, 1, 2", arguments: Engine.allCases)
    func exitCodes(_ engine: Engine) throws {
        let ok = try DBOpsProcess.run(["health", "--check", "connection,database_size"], environment: env(engine))
        #expect(ok.exitCode == 0, "\(ok)")
        #expect(ok.stdout.hasPrefix("OK"))
        let warning = try DBOpsProcess.run(
            ["health", "--check", "connection", "--warn", "connection=0"], environment: env(engine))
        #expect(warning.exitCode == 1, "\(warning)")
        #expect(warning.stdout.hasPrefix("WARNING"))
        let critical = try DBOpsProcess.run(
            ["health", "--check", "connection", "--crit", "connection=0"], environment: env(engine))
        #expect(critical.exitCode == 2, "\(critical)")
        let off = try DBOpsProcess.run(
            ["health", "--check", "connection", "--warn", "connection=off", "--crit", "connection=off"],
            environment: env(engine))
        #expect(off.exitCode == 0, "\(off)")
    }

    @Test("JSON output follows the versioned schema", arguments: Engine.allCases)
    func jsonSchema(_ engine: Engine) throws {
        let result = try DBOpsProcess.run(["health", "--format", "json"], environment: env(engine))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(object["schema"] as? String == "dbops.health/v2")
        #expect(["ok", "warning", "critical", "unknown"].contains(object["status"] as? String ?? ""))
        #expect(object["engine"] as? String == engine.rawValue)
        #expect(object["duration_ms"] is Double)
        #expect((object["target"] as? String)?.hasPrefix(engine == .postgres ? "postgres://" : "mysql://") == true)
        let server = try #require(object["server"] as? [String: Any])
        #expect(server["flavor"] as? String == (engine == .postgres ? "PostgreSQL" : "MariaDB"))
        let checks = try #require(object["checks"] as? [[String: Any]])
        #expect(checks.count >= 12)
        for check in checks {
            #expect(check["name"] is String)
            #expect(["ok", "warning", "critical", "unknown"].contains(check["status"] as? String ?? ""))
            #expect(check["summary"] is String)
            #expect(check["details"] is [Any])
            #expect(check["thresholds"] is [String: Any])
        }
        let names = checks.compactMap { $0["name"] as? String }
        let expected =
            engine == .postgres
            ? [
                "connection", "uptime", "database_size", "connections", "long_queries", "idle_in_transaction",
                "long_transactions", "blocked_sessions",
                "cache_hit_ratio", "replication", "replication_slots", "wraparound", "invalid_indexes",
                "vacuum_overdue",
                "analyze_overdue", "sequences", "restore_incomplete", "prepared_transactions", "lock_waits",
                "exclusive_locks",
                "wal_archiving", "checkpoints", "commit_ratio", "temp_files", "statements_fill", "risky_settings",
                "table_bloat", "index_bloat", "queue_oldest_waiting", "queue_failed_share",
            ]
            : [
                "connection", "uptime", "database_size", "connections", "threads_running", "long_queries",
                "idle_in_transaction", "long_transactions",
                "blocked_sessions", "cache_hit_ratio", "replication", "aborted_connections", "history_list_length",
                "tmp_disk_tables", "auto_increment", "sequences", "restore_incomplete", "buffer_pool_size",
                "redo_log_size", "thread_cache",
                "table_open_cache", "slow_query_share", "sort_buffers", "max_used_connections", "deadlocks",
                "binlog_retention", "replica_read_only", "fragmentation", "query_cache", "galera_cluster",
                "galera_node_state", "galera_flow_control", "galera_queues", "galera_conflicts",
                "queue_oldest_waiting", "queue_failed_share",
            ]
        #expect(names == expected)
        let expectedExit: Int32 =
            ["ok": 0, "warning": 1, "critical": 2, "unknown": 3][object["status"] as? String ?? ""] ?? -1
        #expect(result.exitCode == expectedExit)
        #expect(result.seconds < 5)
    }

    @Test("Prometheus output is valid exposition text", arguments: Engine.allCases)
    func prometheus(_ engine: Engine) throws {
        let result = try DBOpsProcess.run(
            ["health", "--format", "prometheus", "--check", "connections"], environment: env(engine))
        #expect(result.exitCode == 0, "\(result)")
        let lines = result.stdout.split(separator: "\n")
        #expect(lines.contains { $0.hasPrefix("dbops_health_status{target=") && $0.hasSuffix(" 0") })
        #expect(lines.contains { $0.hasPrefix("dbops_health_check_status{") && $0.contains("check=\"connections\"") })
        #expect(lines.contains { $0 == "# TYPE dbops_health_up gauge" })
        for line in lines where !line.hasPrefix("#") {
            // name{labels} value
            #expect(
                line.range(of: #"^[a-z_]+\{[^}]*\} -?[0-9.e+]+$"#, options: .regularExpression) != nil,
                "bad line: \(line)")
        }
    }

    @Test("Unreachable servers are CRITICAL in one line, quickly, without the password", arguments: Engine.allCases)
    func unreachable(_ engine: Engine) throws {
        let password = try TestServers.password(engine)
        var wrong = try TestServers.config(engine)
        wrong.password = Secret("wrong-\(password)")
        let base = try TestServers.url(engine)
        let wrongURL = base.replacingOccurrences(of: ":\(password)@", with: ":wrong-\(password)@")
        let deadURL = base.replacingOccurrences(
            of:
                ":\(engine == .postgres ? ProcessInfo.processInfo.environment["DBOPS_TEST_PG_PORT"] ?? "55432" : ProcessInfo.processInfo.environment["DBOPS_TEST_MYSQL_PORT"] ?? "53306")/",
            with: ":1/")
        let missing = try TestServers.url(engine, database: "no_such_db_here")
        let silent = try SilentListener()
        let frozen = base.replacingOccurrences(
            of: "@127.0.0.1:\(try TestServers.config(engine).port!)/", with: "@127.0.0.1:\(silent.port)/")
        for (url, expect) in [
            (wrongURL, engine == .postgres ? "password authentication failed" : "Access denied"),
            (deadURL, engine == .postgres ? "Connection refused" : "Can't connect"),
            (missing, engine == .postgres ? "does not exist" : "Unknown database"),
            (frozen, "did not answer within the connect timeout"),
        ] {
            let result = try DBOpsProcess.run(["health", "--connect-timeout", "2"], environment: ["DBOPS_URL": url])
            #expect(result.exitCode == 2, "\(result)")
            #expect(result.stdout.hasPrefix("CRITICAL: "))
            #expect(result.stdout.split(separator: "\n").count == 1)
            #expect(result.stdout.contains(expect), "\(result)")
            #expect(!result.stdout.contains("; )") && !result.stdout.contains(";  "), "a line break left in: \(result)")
            #expect(!result.stdout.contains(password) && !result.stderr.contains(password))
            #expect(result.seconds < 8)
            let json = try DBOpsProcess.run(
                ["health", "--connect-timeout", "2", "--format", "json"], environment: ["DBOPS_URL": url])
            #expect(json.exitCode == 2)
            #expect(!json.stdout.contains(password))
        }
    }

    @Test("Bad input is a usage error (64) in one line")
    func usageErrors() throws {
        let cases: [([String], [String: String], String)] = [
            (["health"], [:], "no target"),
            (["health"], ["DBOPS_URL": "redis://h/x"], "unknown URL scheme"),
            (["health"], ["DBOPS_URL": "postgres://u:pw@h:99999/x"], "port"),
            (["health"], ["DBOPS_URL": "just words"], "malformed URL"),
            (["health", "--url", "postgres://u:hunter2@h/x"], [:], "must not hold a password"),
            (["health", "--check", "nope"], ["DBOPS_URL": "postgres://u@h/x"], "unknown check nope"),
            (["health", "--warn", "connections"], ["DBOPS_URL": "postgres://u@h/x"], "NAME=VALUE"),
            (["health", "--warn", "connections=lots"], ["DBOPS_URL": "postgres://u@h/x"], "not a number"),
            (["health", "--bogus"], [:], "Unknown option"),
            (
                ["health", "--config", "/nonexistent/dbops.toml", "--target", "x"], [:],
                "config file /nonexistent/dbops.toml does not exist"
            ),
            (["health", "--config", "/tmp", "--target", "x"], [:], "config file /tmp is a directory"),
            // A wrong path that never ends is refused, not read for ever.
            (["health", "--config", "/dev/zero", "--target", "x"], [:], "larger than 16 MiB: not a config file"),
            (
                ["health", "--snapshot", "/nonexistent/health.json"], ["DBOPS_URL": "postgres://u@h/x"],
                "the folder /nonexistent does not exist"
            ),
        ]
        for (arguments, environment, message) in cases {
            let result = try DBOpsProcess.run(arguments, environment: environment)
            #expect(result.exitCode == 64, "\(arguments): \(result)")
            #expect(result.stderr.contains(message), "\(arguments): \(result)")
            #expect(!result.stderr.contains("hunter2"))
            #expect(!result.stderr.contains("Fatal error") && !result.stderr.contains("Stack"))
        }
        // A pipe is a config file too (`--config <(vault read ...)`).
        try withTemporaryDirectory { folder in
            let fifo = folder + "/config.pipe"
            #expect(mkfifo(fifo, 0o600) == 0)
            let writer = Background {
                try "[targets.piped]\nurl = \"postgres://u@127.0.0.1:1/x\"\n".write(
                    toFile: fifo, atomically: false, encoding: .utf8)
            }
            let piped = try DBOpsProcess.run(["--config", fifo, "config", "check"])
            #expect(piped.exitCode == 0 && piped.stdout.contains("1 target(s)"), "\(piped)")
            #expect(writer.wait(timeout: 10) == nil)
            // A pipe nobody writes to held open(2), and dbops, for ever.
            let unwritten = try DBOpsProcess.run(["--config", fifo, "config", "check"])
            #expect(unwritten.exitCode == 64, "\(unwritten)")
            #expect(unwritten.stderr.contains("config file \(fifo) is a pipe nothing was written to within 10 s"))
            // A writer that opens the pipe and closes it without a byte: named as such, at once.
            let silent = Background {
                let fd = open(fifo, O_WRONLY | O_CLOEXEC)
                if fd >= 0 { close(fd) }
            }
            let empty = try DBOpsProcess.run(["--config", fifo, "config", "check"], timeout: 8)
            #expect(empty.exitCode == 64 && empty.stderr.contains("is a pipe its writer closed empty"), "\(empty)")
            #expect(silent.wait(timeout: 10) == nil)
        }
        // A path open(2) refuses is refused with open's own reason (it read "permission
        // denied" for any): a socket cannot be opened as a file.
        try withTemporaryDirectory { folder in
            let path = folder + "/config.sock"
            let socket = Glibc.socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
            defer { close(socket) }
            var address = sockaddr_un()
            address.sun_family = sa_family_t(AF_UNIX)
            withUnsafeMutableBytes(of: &address.sun_path) { _ = strcpy($0.baseAddress!, path) }
            let bound = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    bind(socket, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
                }
            }
            #expect(bound == 0)
            let refused = try DBOpsProcess.run(["--config", path, "config", "check"])
            #expect(refused.exitCode == 64, "\(refused)")
            #expect(refused.stderr.contains("cannot read config file \(path): no such device or address"), "\(refused)")
        }
        let json = try DBOpsProcess.run(["health", "--format", "json"], environment: [:])
        #expect(json.exitCode == 64)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stderr.utf8)) as? [String: Any])
        #expect(object["schema"] as? String == "dbops.error/v1")
        #expect((object["error"] as? [String: Any])?["code"] as? String == "usage")
        #expect(object["exit_code"] as? Int == 64)
    }

    @Test("A check that cannot run is UNKNOWN (exit 3)")
    func unknownExit() throws {
        try ScratchDatabase.with(.mysql, prefix: "cli") { scratch in
            let admin = try TestServers.connect(.mysql)
            defer { admin.close() }
            let user = "dbops_cli_\(UUID().uuidString.prefix(6).lowercased())"
            try admin.executeScript(
                "CREATE USER '\(user)'@'127.0.0.1' IDENTIFIED BY 'cli-limited-pw'; GRANT SELECT ON `\(scratch.name)`.* TO '\(user)'@'127.0.0.1'"
            )
            defer { try? admin.executeScript("DROP USER '\(user)'@'127.0.0.1'") }
            let port = try TestServers.config(.mysql).port!
            let result = try DBOpsProcess.run(
                ["health", "--check", "idle_in_transaction"],
                environment: ["DBOPS_URL": "mysql://\(user):cli-limited-pw@127.0.0.1:\(port)/\(scratch.name)"])
            #expect(result.exitCode == 3, "\(result)")
            #expect(result.stdout.contains("UNKNOWN"))
            #expect(result.stdout.contains("GRANT PROCESS"))
        }
    }
}
