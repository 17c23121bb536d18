import DBCore
import Foundation
import Testing
import TestSupport

/// What a cron line relies on: what it says is what happens, and what went wrong shows in
/// the exit code and in the monitoring file.
@Suite("The cron contract")
struct CronContractTests {
    func privateDirectory() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("dbops-cron-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(
            atPath: path, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        return path
    }

    @Test("Every unknown config key is refused with exit 64, naming the key, its section and the key meant")
    func unknownKeys() throws {
        let dir = try privateDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let cases: [(String, String)] = [
            (
                "[defaults]\nconect_timeout = 5",
                "unknown key conect_timeout in [defaults] (did you mean connect_timeout?)"
            ),
            (
                "[health]\nstatment_timeout = 3",
                "unknown key statment_timeout in [health] (did you mean statement_timeout?)"
            ),
            ("[cleanup]\nmax_runtme = \"1m\"", "unknown key max_runtme in [cleanup] (did you mean max_runtime?)"),
            (
                "[targets.a]\nurl = \"postgres://u@h/d\"\n[targets.a.cleanup]\nbatchsize = 5",
                "unknown key batchsize in [targets.a.cleanup]"
            ),
            (
                "[cleanup.rules.x]\ntable = \"t\"\ncolumn = \"c\"\ngarce = \"1h\"",
                "unknown key garce in [cleanup.rules.x] (did you mean grace?)"
            ),
            ("[archive.rules.x]\ntable = \"t\"\ntime_colum = \"c\"", "unknown key time_colum in [archive.rules.x]"),
            ("[partitions.rules.x]\ntable = \"t\"\npremak = 3", "unknown key premak in [partitions.rules.x]"),
            (
                "[analytics.profiles.p]\ndau = { table = \"t\", time = \"x\", usr = \"u\" }",
                "unknown key usr in [analytics.profiles.p.dau]"
            ),
            ("[backup]\nzstd_levle = 3", "unknown key zstd_levle in [backup]"),
            ("[helth]\nchecks = []", "unknown section [helth] (did you mean health?)"),
        ]
        for (index, (toml, message)) in cases.enumerated() {
            let file = "\(dir)/c\(index).toml"
            try toml.write(toFile: file, atomically: true, encoding: .utf8)
            let result = try DBOpsProcess.run(["--config", file, "health", "--url", "postgres://u@127.0.0.1:1/x"])
            #expect(result.exitCode == 64, "\(toml): \(result)")
            #expect(result.stderr.contains(message), "\(toml): \(result.stderr)")
            #expect(result.stderr.split(separator: "\n").count == 1)
        }
    }

    @Test(
        "Usage errors: a fleet selection without a config file, a format a command cannot write, bad URL parameters, server options on file commands"
    )
    func usageErrors() throws {
        let url = ["DBOPS_URL": try TestServers.url(.postgres, database: "postgres")]
        let cases: [([String], [String: String], String)] = [
            (["health", "--target", "a", "--target", "b"], [:], "select targets of a config file: give --config"),
            (["verify", "--group", "prod", "/tmp"], [:], "--group means nothing here"),
            (["health", "--format", "csv"], url, "--format csv: this command writes text, json, prometheus"),
            (["slow-queries", "--format", "csv"], url, "--format csv"),
            (["index-usage", "--format", "csv"], url, "--format csv"),
            (["backup", "-o", "/tmp/x", "--format", "prometheus"], url, "--format prometheus"),
            (["health"], ["DBOPS_URL": "postgres://u@127.0.0.1:1/x?sslmode=bogus"], "sslmode=bogus"),
            (["health"], ["DBOPS_URL": "postgres://u@127.0.0.1:1/x?nosuchparam=1"], "unknown PostgreSQL URL parameter"),
            (["verify", "--url", "postgres://u@h/x", "/tmp"], [:], "--url means nothing here"),
            (
                ["backup", "prune", "/tmp", "--keep", "1", "--queries-dir", "/tmp"], [:],
                "--queries-dir means nothing here"
            ),
            (["health", "--bogus"], [:], "dbops: error: Unknown option '--bogus'"),
            (["cleanup", "--pause", "50ms", "--batch-size"], url, "dbops: error: Missing value"),
        ]
        for (arguments, environment, message) in cases {
            let result = try DBOpsProcess.run(arguments, environment: environment)
            #expect(result.exitCode == 64, "\(arguments): \(result)")
            #expect(result.stderr.contains(message), "\(arguments): \(result.stderr)")
            #expect(result.stderr.split(separator: "\n").count == 1, "one line: \(result.stderr)")
        }
        // The parser's errors in JSON too, under --format json.
        let json = try DBOpsProcess.run(["health", "--format", "json", "--bogus"])
        #expect(json.exitCode == 64)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stderr.utf8)) as? [String: Any])
        #expect(object["schema"] as? String == "dbops.error/v1" && object["exit_code"] as? Int == 64)
        // health --list writes the JSON it is asked for.
        let list = try DBOpsProcess.run(["health", "--list", "--format", "json"])
        #expect(list.exitCode == 0)
        let catalog = try #require(try JSONSerialization.jsonObject(with: list.stdoutData) as? [String: Any])
        #expect(catalog["schema"] as? String == "dbops.health-checks/v1")
        #expect((catalog["checks"] as? [[String: Any]])?.contains { $0["name"] as? String == "wraparound" } == true)
    }

    @Test(
        "--output writes the monitoring file whole, removing a killed run's temporary one; a skipped run keeps the last figures and says so; a failed one says success 0"
    )
    func monitoringFile() throws {
        let dir = try privateDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try ScratchDatabase.with(.postgres, prefix: "cronout") { scratch in
            let connection = try scratch.connect()
            defer { connection.close() }
            try connection.executeScript(
                "CREATE TABLE cache (k int PRIMARY KEY, expires_at timestamptz NOT NULL); INSERT INTO cache SELECT g, now() - interval '1 day' FROM generate_series(1, 50) g"
            )
            let config = "\(dir)/dbops.toml"
            try "[cleanup.rules.cache]\ntable = \"cache\"\ncolumn = \"expires_at\"\n".write(
                toFile: config, atomically: true, encoding: .utf8)
            let file = "\(dir)/cleanup.prom"
            // What a run killed between its write and its rename leaves (a pid no process
            // can have: above the kernel's pid_max), and a running one's (pid 1).
            let abandoned = file + ".tmp.99999999"
            let running = file + ".tmp.1"
            for leftover in [abandoned, running] {
                #expect(FileManager.default.createFile(atPath: leftover, contents: nil))
            }
            let environment = ["DBOPS_URL": try scratch.url]
            let first = try DBOpsProcess.run(
                ["--config", config, "cleanup", "--no-builtin", "--format", "prometheus", "--output", file],
                environment: environment)
            #expect(first.exitCode == 0, "\(first)")
            #expect(first.stdout.isEmpty, "the summary goes to the file")
            #expect(!FileManager.default.fileExists(atPath: abandoned), "a killed run's temporary file is removed")
            #expect(FileManager.default.fileExists(atPath: running), "a running process's is not")
            let written = try String(contentsOfFile: file, encoding: .utf8)
            #expect(written.contains("dbops_maintenance_rows{job_name=\"cleanup\"") && written.contains("} 50"))
            #expect(
                written.contains("dbops_run_skipped{command=\"cleanup\"} 0")
                    && written.contains("dbops_run_success{command=\"cleanup\"} 1"))

            // Another run holds the job's lock: skipped (75), last figures kept.
            let holder = try scratch.connect()
            defer { holder.close() }
            _ = try holder.scalar(
                "SELECT pg_try_advisory_lock(hashtextextended('dbops:cleanup:' || current_database(), 0))::text")
            let skipped = try DBOpsProcess.run(
                ["--config", config, "cleanup", "--no-builtin", "--format", "prometheus", "--output", file],
                environment: environment)
            if skipped.exitCode == 75 {
                let after = try String(contentsOfFile: file, encoding: .utf8)
                #expect(after.contains("} 50"), "the last run's figures stay")
                #expect(after.contains("dbops_run_skipped{command=\"cleanup\"} 1"), "\(after)")
                #expect(!after.contains("dbops_run_skipped{command=\"cleanup\"} 0"))
            } else {
                Issue.record("the held lock was not the job's lock (exit \(skipped.exitCode)): \(skipped.stderr)")
            }
            // A failure before any report (the database is gone from the URL): success 0.
            let failed = try DBOpsProcess.run(
                ["--config", config, "cleanup", "--no-builtin", "--format", "prometheus", "--output", file],
                environment: ["DBOPS_URL": try TestServers.url(.postgres, database: "dbops_no_such_db")])
            #expect(failed.exitCode == 1, "\(failed)")
            let afterFailure = try String(contentsOfFile: file, encoding: .utf8)
            #expect(
                afterFailure.contains("dbops_run_success{command=\"cleanup\"} 0") && afterFailure.contains("} 50"),
                "\(afterFailure)")
            #expect(!FileManager.default.fileExists(atPath: file + ".tmp.\(getpid())"))
        }
    }

    @Test(
        "--output into a device, a pipe or a link is written into, never renamed over (as root, /dev/null became a file)"
    )
    func outputIntoSpecialFiles() throws {
        let dir = try privateDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        // A null device of the test's own (what /dev/null is), a FIFO, a link to a file.
        let device = dir + "/null", fifo = dir + "/fifo", real = dir + "/real.prom", link = dir + "/link.prom"
        #expect(try Spawned.run("/bin/mknod", [device, "c", "1", "3"]).status == 0, "needs root")
        #expect(mkfifo(fifo, 0o600) == 0)
        try "old\n".write(toFile: real, atomically: false, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: real)
        let reader = open(fifo, O_RDONLY | O_NONBLOCK)
        defer { close(reader) }
        let up = ["DBOPS_URL": try TestServers.url(.postgres, database: "postgres")]
        let down = ["DBOPS_URL": "postgres://nobody@127.0.0.1:1/none"]
        // A health report each; then a cleanup that fails before any report, whose run
        // metrics alone are written (a file's last figures are read first: not a device's).
        for (path, environment) in [(device, up), (fifo, up), (link, up), (device, down), (fifo, down)] {
            let command = environment == up ? ["health", "--check", "connection"] : ["cleanup", "--no-builtin"]
            let result = try DBOpsProcess.run(
                command + ["--format", "prometheus", "--output", path], environment: environment, timeout: 60)
            #expect(result.exitCode == (environment == up ? 0 : 1), "\(path): \(result)")
        }
        #expect(DurableFiles.kind(of: device) == S_IFCHR, "the device is still a device")
        #expect(DurableFiles.kind(of: fifo) == S_IFIFO)
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        let count = read(reader, &buffer, buffer.count)
        let piped = String(decoding: buffer.prefix(max(0, count)), as: UTF8.self)
        #expect(
            piped.contains("dbops_health_up{") && piped.contains("dbops_run_success{command=\"cleanup\"} 0"), "\(piped)"
        )
        let destination = try FileManager.default.destinationOfSymbolicLink(atPath: link)
        #expect(destination == real, "the link stays a link")
        #expect(try String(contentsOfFile: real, encoding: .utf8).contains("dbops_health_up{"))
    }

    @Test("--quiet: nothing on stdout when OK; the report when not; relative --snapshot paths work")
    func quietAndRelativePaths() throws {
        let url = ["DBOPS_URL": try TestServers.url(.postgres, database: "postgres")]
        let ok = try DBOpsProcess.run(["health", "--quiet", "--check", "connection"], environment: url)
        #expect(ok.exitCode == 0 && ok.stdout.isEmpty, "\(ok)")
        let warning = try DBOpsProcess.run(
            ["health", "-q", "--check", "connection", "--warn", "connection=0"], environment: url)
        #expect(warning.exitCode == 1 && warning.stdout.contains("connection"), "\(warning)")

        let dir = try privateDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try ScratchDatabase.with(.postgres, prefix: "relsnap") { scratch in
            let connection = try scratch.connect()
            try connection.executeScript("CREATE EXTENSION IF NOT EXISTS pg_stat_statements")
            connection.close()
            let process = try DBOpsProcess.runIn(
                directory: dir, ["slow-queries", "--snapshot", "board.snap"],
                environment: ["DBOPS_URL": try scratch.url])
            #expect(process.exitCode == 0, "\(process)")
            #expect(FileManager.default.fileExists(atPath: dir + "/board.snap"))
        }
    }

    @Test("A job's warnings reach stderr from cron: stdout not a terminal, --quiet, --format json")
    func warningsFromCron() throws {
        let dir = try privateDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try ScratchDatabase.with(.mysql, prefix: "cronwarn") { scratch in
            let connection = try scratch.connect()
            try connection.executeScript(
                "CREATE TABLE counters (id int PRIMARY KEY) ENGINE=MyISAM; INSERT INTO counters VALUES (1)")
            connection.close()
            let warning = "dbops: warning: table counters uses MyISAM, which has no transactional snapshot"
            for (index, flags) in [[], ["-q"], ["--format", "json"]].enumerated() {
                let backup = try DBOpsProcess.run(
                    flags + ["backup", "-o", dir + "/b\(index)"], environment: ["DBOPS_URL": try scratch.url])
                #expect(backup.exitCode == 0 && backup.stderr.contains(warning), "\(flags): \(backup)")
                // Text says it once, on stderr; JSON keeps it in its `warnings` too.
                #expect(
                    backup.stdout.contains("warning") == (flags.first == "--format"), "\(flags): \(backup.stdout)")
            }
        }
    }

    @Test("Completions offer the config's target names and the check names")
    func completions() throws {
        let dir = try privateDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let config = "\(dir)/dbops.toml"
        try "[targets.stories]\nurl = \"postgres://u@h/x\"\n[targets.scriptpal]\nurl = \"mysql://u@h/y\"\n".write(
            toFile: config, atomically: true, encoding: .utf8)
        let targets = try DBOpsProcess.run([
            "---completion", "--", "--target", "4", "1", "dbops", "--config", config, "--target", "s",
        ])
        #expect(targets.exitCode == 0)
        #expect(Set(targets.stdout.split(separator: "\n").map(String.init)) == ["stories", "scriptpal"], "\(targets)")
        let script = try DBOpsProcess.run(["--generate-completion-script", "bash"])
        #expect(
            script.exitCode == 0 && script.stdout.contains("wraparound")
                && script.stdout.contains("history_list_length"))
    }

    @Test(
        "The README's config reference is what dbops config keys prints; config check reads a file as every command does"
    )
    func configReference() throws {
        let keys = try DBOpsProcess.run(["config", "keys"])
        #expect(keys.exitCode == 0)
        let readme = try String(
            contentsOf: DBOpsProcess.packageRoot.appendingPathComponent("README.md"), encoding: .utf8)
        let begin = try #require(readme.range(of: "<!-- dbops config keys: begin -->\n"))
        let end = try #require(readme.range(of: "<!-- dbops config keys: end -->"))
        #expect(
            String(readme[begin.upperBound..<end.lowerBound]) == keys.stdout,
            "README out of date: paste `dbops config keys` between the markers")

        let dir = try privateDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let good = "\(dir)/good.toml"
        try "[targets.a]\nurl = \"postgres://u@h/x\"\n[cleanup]\npause = \"50ms\"\n".write(
            toFile: good, atomically: true, encoding: .utf8)
        let ok = try DBOpsProcess.run(["config", "check", "--config", good])
        #expect(ok.exitCode == 0 && ok.stdout.contains("1 target"), "\(ok)")
        let bad = "\(dir)/bad.toml"
        try "[targets.a]\nurl = \"redis://h/x\"\n".write(toFile: bad, atomically: true, encoding: .utf8)
        let refused = try DBOpsProcess.run(["config", "check", "--config", bad])
        #expect(refused.exitCode == 64 && refused.stderr.contains("unknown URL scheme"), "\(refused)")
        // A value out of range fails the check (and every command), not only the job that
        // reads it, at 3 a.m.: keys of settings, a target's own job table, thresholds.
        for (text, message) in [
            ("[archive]\nbatch_size = -1\n", "archive.batch_size -1"),
            (
                "[targets.a]\nurl = \"postgres://u@h/x\"\n[targets.a.history]\nkeep = \"-1s\"\n",
                "targets.a.history.keep"
            ),
            ("[report]\nslower_percent = nan\n", "report.slower_percent"),
            ("[health.thresholds.connection]\nwarning = inf\n", "health.thresholds.connection.warning"),
            // A string for a list: the target silently in no group.
            ("[targets.a]\nurl = \"postgres://u@h/x\"\ngroups = \"prod\"\n", "targets.a.groups must be a list"),
        ] {
            let file = "\(dir)/range.toml"
            try text.write(toFile: file, atomically: true, encoding: .utf8)
            let check = try DBOpsProcess.run(["config", "check", "--config", file])
            #expect(check.exitCode == 64 && check.stderr.contains(message), "\(text): \(check)")
        }
    }

    @Test(
        "-v says what ran and how long; --log-sql logs each statement without parameter values or passwords",
        arguments: Engine.allCases)
    func verboseAndStatementLog(_ engine: Engine) throws {
        let url = ["DBOPS_URL": try TestServers.url(engine, database: engine == .postgres ? "postgres" : "mysql")]
        let quiet = try DBOpsProcess.run(["health", "--check", "connection"], environment: url)
        #expect(quiet.exitCode == 0 && quiet.stderr.isEmpty, "no logging unless asked: \(quiet.stderr)")
        let verbose = try DBOpsProcess.run(["health", "--check", "connection", "-v"], environment: url)
        #expect(
            verbose.stderr.contains("dbops health: started") && verbose.stderr.contains("dbops health: ended after")
                && verbose.stderr.contains(", exit 0"),
            "\(verbose.stderr)")
        let logged = try DBOpsProcess.run(
            ["health", "--check", "connection", "--statement-timeout", "4321ms", "--log-sql"], environment: url)
        #expect(logged.exitCode == 0)
        #expect(logged.stderr.contains("SELECT 1") && logged.stderr.contains(" ms ok: "), "\(logged.stderr)")
        #expect(logged.stderr.contains("values not shown"))
        #expect(
            !logged.stderr.contains("4321") && !logged.stderr.contains("4.321"), "parameter values stay out of the log")
        #expect(!logged.stderr.contains(try TestServers.password(engine)))
    }

    @Test("-v inside long jobs: backup's phases, each cleanup rule's rows and batches", arguments: Engine.allCases)
    func verboseProgress(_ engine: Engine) throws {
        try ScratchDatabase.with(engine, prefix: "verb") { scratch in
            let connection = try scratch.connect()
            defer { connection.close() }
            let rows =
                engine == .postgres
                ? "SELECT g, TIMESTAMP '2001-01-01 00:00:00' FROM generate_series(1, 45) g"
                : "SELECT seq, TIMESTAMP '2001-01-01 00:00:00' FROM seq_1_to_45"
            try connection.executeScript(
                "CREATE TABLE tokens (id INT PRIMARY KEY, expires_at TIMESTAMP NOT NULL); INSERT INTO tokens \(rows)")
            let dir = FileManager.default.temporaryDirectory.appendingPathComponent(
                "dbops-verbose-\(UUID().uuidString)"
            ).path
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(atPath: dir) }
            let config = "\(dir)/dbops.toml"
            try "[cleanup.rules.tok]\ntable = \"tokens\"\ncolumn = \"expires_at\"\n".write(
                toFile: config, atomically: true, encoding: .utf8)
            let environment = ["DBOPS_URL": try scratch.url, "DBOPS_CONFIG": config]

            let cleanup = try DBOpsProcess.run(
                ["cleanup", "-v", "--batch-size", "10", "--pause", "0", "--no-builtin"], environment: environment)
            #expect(cleanup.exitCode == 0, "\(cleanup)")
            #expect(
                cleanup.stderr.contains("cleanup tok: 45 rows in "), "each rule's rows and batches: \(cleanup.stderr)")
            #expect(try connection.scalar("SELECT COUNT(*) FROM tokens") == "0")

            let backup = try DBOpsProcess.run(["backup", "-v", "-o", "\(dir)/b"], environment: environment)
            #expect(backup.exitCode == 0, "\(backup)")
            #expect(backup.stderr.contains("copying done in"), "each phase as it ends: \(backup.stderr)")
            #expect(backup.stderr.contains("dbops backup: ended after") && backup.stderr.contains(", exit 0"))
        }
    }
}
