import DBCore
import Foundation
import Testing
import TestSupport

/// Every number a user can type — flag, config key, URL parameter — is range-checked where
/// it is parsed: out of range, infinite, not a number or absurdly large is exit 64 with one
/// line naming the option, never a runtime trap (exit 132/133 with a stack trace) or a hang.
@Suite("Numeric input at its extremes")
struct NumericInputTests {
    static let hostile = [
        "inf", "-inf", "nan", "1e308", "9223372036854775807", "18446744073709551616",
        "0x10", "", " ", "1..5", "-0.5",
    ]

    /// The option and the commands it is tried on (with the arguments they need).
    static let flags: [(option: String, command: [String])] = [
        ("--connect-timeout", ["health"]),
        ("--stall-timeout", ["health"]),
        ("--statement-timeout", ["health"]),
        ("--statement-timeout", ["analytics", "dau"]),
        ("--lock-timeout", ["backup", "-o", "/nonexistent/never"]),
        ("--lock-timeout", ["cleanup"]),
        ("--zstd-threads", ["backup", "-o", "/nonexistent/never"]),
        ("--zstd-level", ["backup", "-o", "/nonexistent/never"]),
        ("--jobs", ["backup", "-o", "/nonexistent/never"]),
        ("--chunk-size", ["backup", "-o", "/nonexistent/never"]),
        ("--batch-size", ["cleanup"]),
        ("--pause", ["cleanup"]),
        ("--max-runtime", ["cleanup"]),
        ("--max-lag", ["archive"]),
        ("--premake", ["partitions"]),
        ("--top", ["analytics", "cost"]),
        ("--limit", ["slow-queries"]),
        ("--keep", ["backup", "prune", "/nonexistent/never"]),
        ("--older-than", ["backup", "prune", "/nonexistent/never"]),
    ]

    func expectUsageError(_ result: DBOpsProcess.Result, _ what: String) {
        #expect(result.exitCode == 64, "\(what): \(result)")
        #expect(
            !result.stderr.contains("Fatal error") && !result.stderr.contains("Stack dump"), "\(what): \(result.stderr)"
        )
        let lines = result.stderr.split(separator: "\n")
        #expect(
            lines.count >= 1 && lines.count <= 4,
            "\(what): one line (argument parser usage lines aside): \(result.stderr)")
    }

    @Test("Hostile values for every numeric flag give exit 64")
    func hostileFlags() throws {
        let environment = ["DBOPS_URL": try TestServers.url(.postgres, database: "postgres")]
        for (option, command) in Self.flags {
            for value in Self.hostile {
                let result = try DBOpsProcess.run(
                    command + ["\(option)=\(value)"], environment: environment, timeout: 30)
                expectUsageError(result, "\(command.joined(separator: " ")) \(option)=\(value)")
            }
        }
        // Values that overflow 32 bits, where a 32-bit C field sits behind the option.
        for (option, command, value) in [
            ("--connect-timeout", ["health"], "4294967296"), ("--zstd-threads", ["backup", "-o", "-"], "2147483648"),
            ("--jobs", ["restore", "/nonexistent/never"], "4294967297"),
        ] {
            expectUsageError(
                try DBOpsProcess.run(command + [option, value], environment: environment), "\(option) \(value)")
        }
    }

    @Test("Thresholds, --since and URL parameters at their extremes give exit 64")
    func hostileOthers() throws {
        let environment = ["DBOPS_URL": try TestServers.url(.postgres, database: "postgres")]
        for value in ["inf", "nan", "1e999", "-inf"] {
            expectUsageError(
                try DBOpsProcess.run(["health", "--crit", "uptime=\(value)"], environment: environment),
                "--crit uptime=\(value)")
            expectUsageError(
                try DBOpsProcess.run(["health", "--warn", "connections=\(value)"], environment: environment),
                "--warn \(value)")
        }
        for list in ["1e308", "nan", "101", "-1", "50,,95", "99.99999999999999999999999"] {
            expectUsageError(
                try DBOpsProcess.run(["analytics", "latency", "--percentiles", list], environment: environment),
                "--percentiles \(list)")
        }
        for since in ["9223372036854775807d", "99999999w", "9999999999999h", "1e9d", "0001-01-01", "1000-01-01T00:00Z"]
        {
            expectUsageError(
                try DBOpsProcess.run(["analytics", "dau", "--since", since], environment: environment),
                "--since \(since)")
        }
        for engine in Engine.allCases {
            for value in ["inf", "nan", "0", "1e308", "9223372036854775807"] {
                let url =
                    try TestServers.url(engine, database: engine == .postgres ? "postgres" : "mysql")
                    + "?connect_timeout=\(value)"
                expectUsageError(
                    try DBOpsProcess.run(["health"], environment: ["DBOPS_URL": url]),
                    "\(engine) ?connect_timeout=\(value)")
            }
        }
    }

    @Test("Hostile numbers in the config file give exit 64, naming the key")
    func hostileConfig() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("dbops-num-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let environment = ["DBOPS_URL": try TestServers.url(.postgres, database: "postgres")]
        let cases: [(toml: String, command: [String], key: String)] = [
            ("[cleanup]\nbatch_size = 9223372036854775807", ["cleanup"], "batch_size"),
            ("[cleanup]\nbatch_size = 0", ["cleanup"], "batch_size"),
            ("[cleanup]\npause = \"inf\"", ["cleanup"], "pause"),
            ("[cleanup]\nmax_runtime = inf", ["cleanup"], "max_runtime"),
            ("[partitions]\npremake = 9223372036854775807", ["partitions"], "premake"),
            ("[analytics]\ntop = inf", ["analytics", "cost"], "top"),
            ("[analytics]\ntop = nan", ["analytics", "cost"], "top"),
            ("[analytics]\nstatement_timeout = 1e308", ["analytics", "dau"], "statement_timeout"),
            ("[health]\nstatement_timeout = -1", ["health"], "statement_timeout"),
            ("[health.thresholds.connections]\nwarning = inf", ["health"], "warning"),
            ("[defaults]\nconnect_timeout = 1e300", ["health"], "connect_timeout"),
            ("[backup]\njobs = 1.5", ["backup", "-o", "/nonexistent/never"], "jobs"),
            ("[backup]\nzstd_threads = 2147483648", ["backup", "-o", "/nonexistent/never"], "zstd_threads"),
            ("[slow_queries]\nlimit = -5", ["slow-queries"], "limit"),
            // Not a number, but as easily mistyped: refused where it is read, whether or not
            // the rule's table has a key it would bound.
            ("[partitions.rules.x]\ntable = \"x\"\ntime_zone = \"Europe/Berln\"", ["partitions"], "time_zone"),
            // Named as the config key they came from, not as the flag that was not given.
            ("[analytics]\nsince = \"last tuesday\"", ["analytics", "dau"], "analytics.since"),
            ("[analytics]\nsince = \"99999999d\"", ["config", "check"], "analytics.since"),
            ("[analytics]\ntime_zone = \"Mars/Olympus\"", ["analytics", "dau"], "analytics.time_zone"),
        ]
        for (index, item) in cases.enumerated() {
            let file = dir.appendingPathComponent("c\(index).toml")
            try item.toml.write(to: file, atomically: true, encoding: .utf8)
            let result = try DBOpsProcess.run(
                ["--config", file.path] + item.command, environment: environment, timeout: 30)
            expectUsageError(result, item.toml)
            #expect(result.stderr.contains(item.key), "names the key: \(result.stderr)")
        }
    }

    @Test("A config integer is read whole: echoed exactly when refused, 2^53 + 1 not rounded, sizes as bytes")
    func configIntegersExact() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("dbops-int-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let environment = ["DBOPS_URL": try TestServers.url(.postgres, database: "postgres")]
        func check(_ toml: String) throws -> DBOpsProcess.Result {
            let file = dir.appendingPathComponent("c.toml")
            try toml.write(to: file, atomically: false, encoding: .utf8)
            return try DBOpsProcess.run(
                ["--config", file.path, "config", "check"], environment: environment, timeout: 30)
        }
        // Echoed as typed, not as the Double it would round to (9.22337e+18, 9007199254740992).
        for (toml, echo) in [
            ("[cleanup]\nbatch_size = 9223372036854775807", "batch_size 9223372036854775807:"),
            ("[cleanup]\nbatch_size = 9007199254740993", "batch_size 9007199254740993:"),
            ("[health.thresholds.connections]\nwarning = 9223372036854775807", "warning 9223372036854775807:"),
            ("[cleanup]\nmax_runtime = -9223372036854775808", "max_runtime -9223372036854775808:"),
        ] {
            let result = try check(toml)
            expectUsageError(result, toml)
            #expect(result.stderr.contains(echo), "\(toml): \(result.stderr)")
        }
        // A whole float is a whole number; a size may be a plain count of bytes.
        for toml in ["[cleanup]\nbatch_size = 1000.0", "[backup]\nchunk_size = 67108864"] {
            let result = try check(toml)
            #expect(result.exitCode == 0, "\(toml): \(result)")
        }
        let result = try check("[backup]\nchunk_size = 1.5")
        expectUsageError(result, "chunk_size = 1.5")
        #expect(result.stderr.contains("chunk_size"), "\(result.stderr)")
    }

    @Test("An uppercase M, months and years are refused with the days to write, never read as minutes")
    func calendarUnitsRefused() throws {
        let environment = ["DBOPS_URL": try TestServers.url(.postgres, database: "postgres")]
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("dbops-months-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let config = dir.appendingPathComponent("c.toml")
        try "[cleanup.rules.s]\ntable = \"sessions\"\ncolumn = \"expires_at\"\ngrace = \"3M\"\n".write(
            to: config, atomically: true, encoding: .utf8)
        // `archive --older-than 6M` taken as six minutes would move nearly every row, and
        // `backup prune --older-than 1M` would delete every backup but the newest.
        let cases: [(arguments: [String], says: String)] = [
            (["archive", "--older-than", "6M"], "write 6min, or 180d for months"),
            (["backup", "prune", dir.path, "--older-than", "1M"], "write 1min, or 30d for months"),
            (["backup", "prune", dir.path, "--older-than", "2y"], "write days (730d)"),
            (["analytics", "dau", "--since", "3M"], "write 3min, or 90d for months"),
            (["report", "--since", "1mo"], "write days (30d)"),
            (["history", "--since", "1M"], "write 1min"),
            (["--config", config.path, "config", "check"], "grace 3M: M could mean minutes or months"),
        ]
        for (arguments, says) in cases {
            let result = try DBOpsProcess.run(
                arguments,
                environment: arguments.contains("prune") || arguments.contains("report")
                    || arguments.contains("history") || arguments.contains("config") ? [:] : environment)
            expectUsageError(result, arguments.joined(separator: " "))
            #expect(result.stderr.contains(says), "\(arguments): \(result.stderr)")
        }
        #expect(DurationText.seconds("1m") == 60 && DurationText.seconds("1MIN") == 60)
        #expect(DurationText.seconds("2H") == 7200 && DurationText.seconds("500MS") == 0.5)
        #expect(DurationText.seconds("1M") == nil && DurationText.seconds("1h1M") == nil)
    }

    @Test("Durations as --help shows them are accepted, compounds too")
    func durationsAccepted() throws {
        let environment = ["DBOPS_URL": try TestServers.url(.postgres, database: "postgres")]
        for value in ["50ms", "500ms", "1.5s", "1m30s", "10min", "2"] {
            // A dry run of cleanup on a database without rules: past option parsing, it fails
            // for want of rules (exit 1), not on the value (64).
            let result = try DBOpsProcess.run(["cleanup", "--dry-run", "--pause", value], environment: environment)
            #expect(result.exitCode == 1 && result.stderr.contains("no cleanup rules"), "--pause \(value): \(result)")
        }
    }
}
