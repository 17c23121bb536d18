import DBCore
import Foundation
import Testing
import TestSupport

/// One dbops run across many databases on both servers: selection by name, glob, group,
/// --all and a server's database list; a dead port, a wrong password and a held job lock
/// that end as such without failing the others; one combined report (text, JSON,
/// Prometheus) and one exit code; --parallel and --per-server kept.
@Suite("Fleets: one run across many targets")
struct FleetTests {
    /// 30 databases across the two servers, as the issue's proof asks.
    static let perEngine = 15

    /// Scratch databases on both servers, each with an expired-token table, and a config
    /// naming them (groups "fleet" and the engine's), a dead port, a wrong password, and a
    /// target listing the PostgreSQL server's databases by a glob.
    final class Fleet {
        let databases: [ScratchDatabase]
        let directory: String
        let config: String

        init() throws {
            var made: [ScratchDatabase] = []
            // Each fleet's databases share a tag of their own, so that pgserver's glob lists
            // this fleet only: a glob over every suite's fleet databases made one test's
            // health run show up in another test's session samples.
            let tag = "fleet_" + UUID().uuidString.prefix(6).lowercased()
            for engine in Engine.allCases {
                for _ in 0..<FleetTests.perEngine {
                    let scratch = try ScratchDatabase(engine, prefix: tag)
                    made.append(scratch)
                    let connection = try scratch.connect()
                    defer { connection.close() }
                    let rows =
                        engine == .postgres
                        ? "SELECT g, TIMESTAMP '2001-01-01 00:00:00' FROM generate_series(1, 30) g"
                        : "SELECT seq, TIMESTAMP '2001-01-01 00:00:00' FROM seq_1_to_30"
                    try connection.executeScript(
                        "CREATE TABLE tokens (id INT PRIMARY KEY, expires_at TIMESTAMP NOT NULL); INSERT INTO tokens \(rows)"
                    )
                }
            }
            databases = made
            directory =
                FileManager.default.temporaryDirectory.appendingPathComponent("dbops-fleet-\(UUID().uuidString)").path
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            var toml = "[cleanup.rules.tok]\ntable = \"tokens\"\ncolumn = \"expires_at\"\n\n"
            for scratch in made {
                let group = scratch.engine == .postgres ? "pg" : "my"
                toml +=
                    "[targets.\(scratch.name)]\nurl = \"\(try scratch.url)\"\ngroups = [\"fleet\", \"\(group)\"]\n\n"
            }
            let pgServer = try TestServers.url(.postgres, database: "postgres")
            let wrong = pgServer.replacingOccurrences(of: try TestServers.password(.postgres), with: "wrong-password")
            toml +=
                "[targets.zz-dead]\nurl = \"postgres://nobody@127.0.0.1:1/none\"\ngroups = [\"fleet\", \"broken\"]\n\n"
            toml += "[targets.zz-badpass]\nurl = \"\(wrong)\"\ngroups = [\"broken\"]\n\n"
            let pgFirst = made.first { $0.engine == .postgres }!.name
            toml +=
                "[targets.pgserver]\nurl = \"\(pgServer)\"\ndatabases = \"dbops_\(tag)_*\"\nexclude_databases = [\"\(pgFirst)\"]\n"
            config = directory + "/dbops.toml"
            try toml.write(toFile: config, atomically: true, encoding: .utf8)
            chmod(config, 0o600)
        }

        var names: [String] { databases.map(\.name) }

        func run(_ arguments: [String]) throws -> DBOpsProcess.Result {
            try DBOpsProcess.run(arguments + ["--config", config, "--connect-timeout", "3s"], timeout: 300)
        }

        deinit {
            try? FileManager.default.removeItem(atPath: directory)
            for scratch in databases { scratch.drop() }
        }
    }

    static func targets(_ result: DBOpsProcess.Result) throws -> [[String: Any]] {
        let object = try #require(
            try JSONSerialization.jsonObject(with: result.stdoutData) as? [String: Any], "\(result)")
        #expect(object["schema"] as? String == "dbops.fleet/v1")
        #expect(object["exit_code"] as? Int == Int(result.exitCode))
        return object["targets"] as? [[String: Any]] ?? []
    }

    @Test(
        "health across a group: one line, JSON entry and labelled metrics per target; the dead port is CRITICAL and fails no other"
    )
    func health() throws {
        let fleet = try Fleet()
        let json = try fleet.run([
            "health", "--group", "fleet", "--check", "connection", "--format", "json", "--parallel", "4",
        ])
        let entries = try Self.targets(json)
        #expect(entries.count == fleet.names.count + 1, "\(entries.map { $0["target"] ?? "" })")
        #expect(json.exitCode == 2, "the dead port is CRITICAL, the worst state: \(json.stderr)")
        for name in fleet.names {
            let entry = try #require(entries.first { $0["target"] as? String == name })
            #expect(entry["exit_code"] as? Int == 0 && entry["state"] as? String == "ok", "\(entry)")
            let result = entry["result"] as? [String: Any]
            #expect(result?["schema"] as? String == "dbops.health/v2", "the target's own report, in its own schema")
            #expect((entry["groups"] as? [String])?.contains("fleet") == true)
        }
        #expect(try JSONSchemaCheck.problems(json.stdoutData).isEmpty, "schemas/fleet-v1.schema.json")
        for entry in entries {
            guard let result = entry["result"] as? [String: Any] else { continue }
            let problems = try JSONSchemaCheck.problems(try JSONSerialization.data(withJSONObject: result))
            #expect(problems.isEmpty, "\(entry["target"] ?? ""): \(problems)")
        }
        let dead = try #require(entries.first { $0["target"] as? String == "zz-dead" })
        #expect(dead["exit_code"] as? Int == 2 && dead["state"] as? String == "critical")

        let text = try fleet.run(["health", "--group", "fleet", "--check", "connection"])
        #expect(text.exitCode == 2)
        let lines = text.stdout.split(separator: "\n").map(String.init)
        for name in fleet.names {
            #expect(lines.contains { $0.hasPrefix("OK") && $0.contains(name) }, "\(text.stdout)")
        }
        #expect(lines.contains { $0.hasPrefix("CRITICAL") && $0.contains("zz-dead") })

        let prometheus = try fleet.run([
            "health", "--group", "fleet", "--check", "connection", "--format", "prometheus",
        ])
        for name in fleet.names {
            #expect(prometheus.stdout.contains("target=\"\(name)\""), "labelled by target")
            #expect(prometheus.stdout.contains("dbops_fleet_target_exit_code{command=\"health\",target=\"\(name)\"} 0"))
        }
        let helps = prometheus.stdout.split(separator: "\n").filter { $0.hasPrefix("# HELP ") }
        #expect(Set(helps).count == helps.count, "each metric described once")
    }

    @Test(
        "A server's list: a database named but missing is that member's failure; an account that cannot see every MySQL database is refused a wildcard"
    )
    func hiddenDatabases() throws {
        let tag = "fleet_h" + UUID().uuidString.prefix(6).lowercased()
        let (mine, other) = (try ScratchDatabase(.mysql, prefix: tag), try ScratchDatabase(.mysql, prefix: tag))
        let pg = try ScratchDatabase(.postgres, prefix: tag)
        defer { [mine, other, pg].forEach { $0.drop() } }
        let admin = try TestServers.connect(.mysql)
        defer { admin.close() }
        let user = "dbops_fl_\(UUID().uuidString.prefix(6).lowercased())"
        // Generated names, not input: account statements take no placeholders.
        try admin.executeScript(
            "CREATE USER '\(user)'@'127.0.0.1' IDENTIFIED BY 'fleet-limited-pw'; GRANT SELECT ON `\(mine.name)`.* TO '\(user)'@'127.0.0.1'; GRANT PROCESS ON *.* TO '\(user)'@'127.0.0.1'"
        )
        defer { try? admin.executeScript("DROP USER '\(user)'@'127.0.0.1'") }
        let port = try TestServers.config(.mysql).port!
        let missing = "dbops_\(tag)_missing"
        try withTemporaryDirectory { directory in
            let config = directory + "/dbops.toml"
            try """
            [targets.myglob]
            url = "mysql://\(user):fleet-limited-pw@127.0.0.1:\(port)/"
            databases = "dbops_\(tag)_*"

            [targets.mynamed]
            url = "mysql://\(user):fleet-limited-pw@127.0.0.1:\(port)/"
            databases = ["\(mine.name)", "\(other.name)"]

            [targets.pgnamed]
            url = "\(try TestServers.url(.postgres, database: "postgres"))"
            databases = ["\(pg.name)", "\(missing)", "dbops_\(tag)_nomatch*"]
            """.write(toFile: config, atomically: true, encoding: .utf8)
            chmod(config, 0o600)
            func run(_ target: String) throws -> (DBOpsProcess.Result, [String: [String: Any]]) {
                let result = try DBOpsProcess.run(
                    ["health", "--target", target, "--check", "connection", "--format", "json", "--config", config],
                    timeout: 120)
                let entries = try Self.targets(result)
                return (result, Dictionary(entries.map { ($0["target"] as? String ?? "", $0) }) { a, _ in a })
            }
            // The account sees `mine` only: the glob would have listed it alone, exit 0.
            let (glob, globbed) = try run("myglob")
            #expect(glob.exitCode == 3, "\(glob)")
            let refused = try #require(globbed["myglob"], "\(globbed.keys)")
            let message = (refused["error"] as? [String: Any])?["message"] as? String ?? ""
            #expect(message.contains("SHOW DATABASES") && message.contains("dbops_\(tag)_*"), "\(refused)")
            #expect(!glob.stdout.contains("fleet-limited-pw") && !glob.stderr.contains("fleet-limited-pw"))

            // Named, `other` is a member of its own whose connection is refused.
            let (_, named) = try run("mynamed")
            #expect(named["mynamed/\(mine.name)"]?["exit_code"] as? Int == 0, "\(named)")
            let hidden = try #require(named["mynamed/\(other.name)"], "\(named.keys)")
            #expect(hidden["exit_code"] as? Int == 2, "\(hidden)")

            let (pgRun, pgMembers) = try run("pgnamed")
            #expect(pgMembers["pgnamed/\(pg.name)"]?["exit_code"] as? Int == 0, "\(pgMembers)")
            let absent = try #require(pgMembers["pgnamed/\(missing)"], "\(pgMembers.keys)")
            #expect(absent["exit_code"] as? Int == 2 && "\(absent)".contains(missing), "\(absent)")
            #expect(
                Set(pgMembers.keys) == ["pgnamed/@server", "pgnamed/\(pg.name)", "pgnamed/\(missing)"],
                "a glob matching nothing adds no member: \(pgMembers.keys)")
            #expect(pgRun.exitCode == 2)

            // SHOW DATABASES is all the glob needs.
            try admin.executeScript("GRANT SHOW DATABASES ON *.* TO '\(user)'@'127.0.0.1'")
            let (_, seen) = try run("myglob")
            #expect(seen["myglob/\(mine.name)"]?["exit_code"] as? Int == 0, "\(seen)")
            #expect(seen["myglob/\(other.name)"]?["exit_code"] as? Int == 2, "listed now, and refused: \(seen)")
        }
    }

    @Test(
        "A wrong password is that target's failure; selection by glob, --all and a server's database list; nothing matched is 64"
    )
    func selection() throws {
        let fleet = try Fleet()
        let broken = try fleet.run(["health", "--group", "broken", "--check", "connection", "--format", "json"])
        let entries = try Self.targets(broken)
        #expect(Set(entries.compactMap { $0["target"] as? String }) == ["zz-dead", "zz-badpass"])
        #expect(entries.allSatisfy { $0["exit_code"] as? Int == 2 }, "\(entries)")
        #expect(!broken.stdout.contains("wrong-password") && !broken.stderr.contains("wrong-password"))

        let glob = try fleet.run(["health", "--target", "dbops_fleet_*", "--check", "connection", "--format", "json"])
        #expect(Set(try Self.targets(glob).compactMap { $0["target"] as? String }) == Set(fleet.names))
        #expect(glob.exitCode == 0)

        let all = try fleet.run([
            "health", "--all-targets", "--check", "connection", "--format", "json", "--parallel", "8",
        ])
        let everyone = try Self.targets(all).compactMap { $0["target"] as? String }
        let pgNames = fleet.databases.filter { $0.engine == .postgres }.map(\.name)
        // pgserver lists the PostgreSQL server's fleet databases, less the one excluded.
        for name in pgNames.dropFirst() { #expect(everyone.contains("pgserver/\(name)"), "\(everyone)") }
        #expect(!everyone.contains("pgserver/\(pgNames[0])"), "exclude_databases")
        #expect(everyone.filter { !$0.hasPrefix("pgserver/") }.count == fleet.names.count + 2)
        // A server's databases: the server-wide checks once (pgserver/@server), each
        // database's own checks per database.
        let server = try fleet.run(["health", "--target", "pgserver", "--format", "json"])
        let members = try Self.targets(server)
        func checks(_ entry: [String: Any]) -> Set<String> {
            Set(
                ((entry["result"] as? [String: Any])?["checks"] as? [[String: Any]] ?? []).compactMap {
                    $0["name"] as? String
                })
        }
        let whole = try #require(members.first { $0["target"] as? String == "pgserver/@server" }, "\(members)")
        #expect(whole["database"] is NSNull)
        #expect(checks(whole).isSuperset(of: ["connection", "connections", "wraparound", "long_queries"]))
        #expect(checks(whole).isDisjoint(with: ["database_size", "sequences", "vacuum_overdue"]), "\(checks(whole))")
        let mine = Set(pgNames.dropFirst().map { "pgserver/\($0)" })
        let databases = members.filter { mine.contains($0["target"] as? String ?? "") }
        #expect(databases.count == pgNames.count - 1)
        for entry in databases {
            #expect(
                checks(entry) == [
                    "connection", "database_size", "cache_hit_ratio", "invalid_indexes", "vacuum_overdue",
                    "analyze_overdue", "sequences", "restore_incomplete", "exclusive_locks", "commit_ratio",
                    "temp_files", "table_bloat",
                    "index_bloat", "queue_oldest_waiting", "queue_failed_share",
                ], "\(checks(entry))")
        }

        // --all is --all-targets (archive restore keeps its own --all, every archived row).
        let short = try fleet.run(["health", "--all", "--check", "connection", "--format", "json", "--parallel", "8"])
        let ours = Set(
            fleet.names + ["zz-dead", "zz-badpass"] + pgNames.map { "pgserver/\($0)" } + ["pgserver/@server"])
        #expect(
            try Self.targets(short).compactMap { $0["target"] as? String }.filter(ours.contains)
                == everyone.filter(ours.contains))
        let archive = try fleet.run(["archive", "restore", "--all", "--target", "zz-dead"])
        #expect(archive.exitCode == 1 && archive.stdout.isEmpty, "one target, not a fleet: \(archive)")
        #expect(archive.stderr.hasPrefix("dbops: error: zz-dead:"), "\(archive)")

        for (arguments, message) in [
            (["--target", "nomatch*"], "--target nomatch* matches no target"),
            (["--group", "nosuch"], "--group nosuch: no target"),
        ] {
            let refused = try fleet.run(["health"] + arguments)
            #expect(refused.exitCode == 64 && refused.stderr.contains(message), "\(refused)")
        }
        let restore = try fleet.run(["restore", "/nonexistent", "--group", "pg"])
        #expect(restore.exitCode == 64 && restore.stderr.contains("works on one target"), "\(restore)")
    }

    @Test(
        "cleanup across both servers: every target cleaned, a held job lock skips only its target; --per-server and --parallel kept"
    )
    func cleanup() throws {
        let fleet = try Fleet()
        let locked = fleet.databases.first { $0.engine == .mysql }!
        let holder = try locked.connect()
        defer { holder.close() }
        #expect(try holder.tryNamedLock(jobLockName(job: "cleanup", database: locked.name)))

        // The servers' own view while it runs: which of the fleet's databases have a dbops
        // session at work (a statement or a transaction open), sampled every 20 ms. Idle
        // sessions are not counted: a finished target's session may still be closing on a
        // busy server when the next one starts.
        let sampler = try SessionSampler(databases: Set(fleet.names).subtracting([locked.name]))
        let run = try fleet.run([
            "cleanup", "--group", "pg", "--group", "my", "--no-builtin", "--batch-size", "2", "--pause", "10ms",
            "--format", "json", "--parallel", "3", "--per-server", "2",
        ])
        let samples = sampler.stop()
        #expect(run.exitCode == 0, "a skipped target does not fail the run: \(run)")
        #expect(samples.contains { !$0.pg.isEmpty || !$0.my.isEmpty }, "the sampler saw the run")
        for sample in samples {
            #expect(sample.pg.count <= 2 && sample.my.count <= 2, "--per-server 2 on the server: \(sample)")
            #expect(sample.pg.count + sample.my.count <= 3, "--parallel 3 on the servers: \(sample)")
        }
        let entries = try Self.targets(run)
        #expect(entries.count == fleet.names.count)
        for scratch in fleet.databases {
            let entry = try #require(entries.first { $0["target"] as? String == scratch.name })
            let connection = try scratch.connect()
            defer { connection.close() }
            let left = try connection.scalar("SELECT COUNT(*) FROM tokens")
            if scratch.name == locked.name {
                #expect(entry["exit_code"] as? Int == 75 && entry["state"] as? String == "skipped", "\(entry)")
                #expect(left == "30")
            } else {
                #expect(entry["exit_code"] as? Int == 0, "\(entry)")
                #expect(left == "0", "\(scratch.name)")
            }
        }
        // The report agrees: at most two targets of a server at a time, three at once.
        let spans = entries.map {
            (
                server: $0["server"] as? String ?? "", from: $0["started_at"] as? Double ?? 0,
                to: $0["ended_at"] as? Double ?? 0
            )
        }
        for span in spans {
            let running = spans.filter { $0.from < span.from + 0.001 && $0.to > span.from + 0.001 }
            #expect(running.count <= 3, "--parallel 3")
            #expect(running.filter { $0.server == span.server }.count <= 2, "--per-server 2: \(running)")
        }

        let onlyLocked = try fleet.run(["cleanup", "--target", locked.name + "*", "--no-builtin"])
        #expect(onlyLocked.exitCode == 75, "every target skipped: 75 \(onlyLocked)")
    }

    @Test(
        "backup across a group writes verified backups per target; prune keeps each database's newest in the tree; a folder without {target} or {database} is refused"
    )
    func backup() throws {
        let fleet = try Fleet()
        let out = fleet.directory + "/backups"
        let mine = fleet.databases.filter { $0.engine == .mysql }
        for round in 1...2 {
            if round == 2 { Thread.sleep(forTimeInterval: 1.1) }  // {timestamp} has whole seconds
            let run = try fleet.run([
                "backup", "--group", "my", "-o", out + "/{target}/{timestamp}", "--format", "json",
            ])
            #expect(run.exitCode == 0, "\(run)")
            // A job's default is one target of a server at a time, however many run at once.
            let spans = try Self.targets(run).map {
                ($0["started_at"] as? Double ?? 0, $0["ended_at"] as? Double ?? 0)
            }.sorted { $0.0 < $1.0 }
            for (earlier, later) in zip(spans, spans.dropFirst()) {
                #expect(later.0 >= earlier.1 - 0.002, "two backups of one server at once: \(earlier) \(later)")
            }
        }
        var newest: [String: String] = [:]
        for scratch in mine {
            let taken = try FileManager.default.contentsOfDirectory(atPath: out + "/" + scratch.name).sorted()
            #expect(taken.count == 2, "\(taken)")
            newest[scratch.name] = taken.last
            let verify = try DBOpsProcess.run(["verify", out + "/" + scratch.name + "/" + (taken.last ?? "")])
            #expect(verify.exitCode == 0 && verify.stdout.contains("30 rows"), "\(verify)")
        }
        // verify works on the tree: every backup, one entry each; a damaged one fails the run.
        let whole = try DBOpsProcess.run(["verify", out, "--format", "json"])
        #expect(whole.exitCode == 0, "\(whole)")
        #expect(try JSONSchemaCheck.problems(whole.stdoutData).isEmpty)
        let verified = try #require(try JSONSerialization.jsonObject(with: whole.stdoutData) as? [String: Any])
        #expect((verified["backups"] as? [[String: Any]])?.count == 2 * mine.count)
        let victim = out + "/" + mine[0].name + "/" + (newest[mine[0].name] ?? "")
        let dataFolder = victim + "/data"
        let file =
            dataFolder + "/" + (try FileManager.default.contentsOfDirectory(atPath: dataFolder).sorted().first ?? "")
        var bytes = try Data(contentsOf: URL(fileURLWithPath: file))
        bytes[bytes.count / 2] ^= 0xFF
        try bytes.write(to: URL(fileURLWithPath: file))
        let damaged = try DBOpsProcess.run(["verify", out])
        #expect(damaged.exitCode == 1, "\(damaged)")
        let lines = damaged.stdout.split(separator: "\n")
        #expect(
            lines.filter { $0.hasPrefix("FAILED") }.count == 1
                && lines.contains { $0.hasPrefix("FAILED") && $0.contains(victim) })
        #expect(lines.filter { $0.hasPrefix("OK") }.count == 2 * mine.count - 1)
        let empty = fleet.directory + "/empty"
        try FileManager.default.createDirectory(atPath: empty, withIntermediateDirectories: true)
        let none = try DBOpsProcess.run(["verify", empty])
        #expect(none.exitCode == 1 && none.stderr.contains("not a dbops backup"), "a folder without backups: \(none)")

        // prune works on the fleet's tree: each database keeps its newest.
        let prune = try DBOpsProcess.run(["backup", "prune", out, "--keep", "1", "--format", "json"])
        #expect(prune.exitCode == 0, "\(prune)")
        for scratch in mine {
            let left = try FileManager.default.contentsOfDirectory(atPath: out + "/" + scratch.name)
            #expect(left == [newest[scratch.name] ?? ""], "\(scratch.name): \(left)")
        }
        // Across the broken targets too: the dead port and the wrong password fail (exit 1),
        // each on its own line, and every other target's backup is complete.
        let broken = try fleet.run([
            "backup", "--group", "pg", "--group", "broken", "-o", out + "/{target}/{timestamp}", "--format", "json",
        ])
        #expect(broken.exitCode == 1, "\(broken)")
        let brokenEntries = try Self.targets(broken)
        #expect(try JSONSchemaCheck.problems(broken.stdoutData).isEmpty)
        for entry in brokenEntries {
            let name = entry["target"] as? String ?? ""
            if name.hasPrefix("zz-") {
                #expect(entry["exit_code"] as? Int == 1 && entry["state"] as? String == "failed", "\(entry)")
            } else {
                #expect(entry["exit_code"] as? Int == 0, "\(entry)")
                let taken = try FileManager.default.contentsOfDirectory(atPath: out + "/" + name)
                #expect(taken.count == 1, "\(name): \(taken)")
            }
        }
        #expect(brokenEntries.count == fleet.databases.filter { $0.engine == .postgres }.count + 2)
        #expect(!broken.stdout.contains("wrong-password") && !broken.stderr.contains("wrong-password"))

        let same = try fleet.run(["backup", "--group", "pg", "-o", fleet.directory + "/one"])
        // One folder for every target: a usage error before any target starts, said once.
        #expect(same.exitCode == 64 && same.stdout.isEmpty, "\(same)")
        #expect(
            same.stderr.split(separator: "\n").count == 1
                && same.stderr.contains("put {target} and {database} in the folder name"), "\(same)")
        #expect(!FileManager.default.fileExists(atPath: fleet.directory + "/one"))
    }

    @Test(
        "Ctrl-C starts no new target: the running one stops between batches, the rest are reported not started, exit 130"
    )
    func interrupted() throws {
        let fleet = try Fleet()
        let process = try Spawned(
            DBOpsProcess.binary,
            [
                "cleanup", "--group", "pg", "--no-builtin", "--batch-size", "1", "--pause", "200ms", "--parallel", "1",
                "--format", "json", "--config", fleet.config,
            ], environment: ["PATH": "/usr/bin:/bin", "HOME": NSTemporaryDirectory()], stdout: .pipe)
        // Each target takes 30 batches 200 ms apart: interrupt once the first has begun.
        let watchers = try fleet.databases.filter { $0.engine == .postgres }.map { try $0.connect() }
        defer { watchers.forEach { $0.close() } }
        let begun = try eventually(timeout: 30, interval: 0.05) {
            try watchers.contains { Int(try $0.scalar("SELECT COUNT(*) FROM tokens") ?? "") ?? 30 < 30 }
        }
        #expect(begun, "the first target began")
        kill(process.processIdentifier, SIGINT)
        let data = process.standardOutput!.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 130)
        let report = try #require(
            try JSONSerialization.jsonObject(with: data) as? [String: Any], "\(String(decoding: data, as: UTF8.self))")
        let entries = report["targets"] as? [[String: Any]] ?? []
        #expect(entries.count == FleetTests.perEngine)
        let notStarted = entries.filter {
            ($0["error"] as? [String: Any])?["message"] as? String == "not started: the run was interrupted"
        }
        #expect(notStarted.count >= FleetTests.perEngine - 2, "\(entries.map { $0["error"] ?? "" })")
        // Nothing is half done: every target either kept all its rows or lost only whole batches.
        for scratch in fleet.databases where scratch.engine == .postgres {
            let connection = try scratch.connect()
            defer { connection.close() }
            let left = Int(try connection.scalar("SELECT COUNT(*) FROM tokens") ?? "") ?? -1
            #expect((0...30).contains(left))
        }
    }

    @Test(
        "backup: members that would write one folder are refused before any starts; a short target name keeps the line's words"
    )
    func sharedFolders() throws {
        let tag = "fold" + UUID().uuidString.prefix(6).lowercased()
        let scratch = try ScratchDatabase(.postgres, prefix: tag)
        defer { scratch.drop() }
        let connection = try scratch.connect()
        try connection.executeScript("CREATE TABLE t (id INT PRIMARY KEY); INSERT INTO t VALUES (1), (2)")
        connection.close()
        try withTemporaryDirectory { folder in
            // Target b names the database; srv lists it from its server: two members, one name.
            let server = try TestServers.url(.postgres, database: "postgres")
            let config = folder + "/dbops.toml"
            try
                "[targets.b]\nurl = \"\(try scratch.url)\"\n\n[targets.srv]\nurl = \"\(server)\"\ndatabases = \"dbops_\(tag)*\"\n"
                .write(toFile: config, atomically: true, encoding: .utf8)
            chmod(config, 0o600)
            let run = { (arguments: [String]) in
                try DBOpsProcess.run(
                    ["backup", "--target", "b", "--target", "srv"] + arguments + ["--config", config])
            }
            let shared = try run(["-o", folder + "/out/{database}"])
            #expect(shared.exitCode == 64 && shared.stdout.isEmpty, "\(shared)")
            #expect(
                shared.stderr.contains("b and srv/\(scratch.name) would both write \(folder)/out/\(scratch.name)"),
                "\(shared)")
            #expect(!FileManager.default.fileExists(atPath: folder + "/out"), "nothing written")
            let apart = try run(["-o", folder + "/out/{target}/{database}"])
            #expect(apart.exitCode == 0, "\(apart)")
            // "OK  b  backed up ...": the target's name is not taken off the front of "backed".
            let line = apart.stdout.split(separator: "\n").first { $0.split(separator: " ").dropFirst().first == "b" }
            #expect(line?.contains("  backed up \(scratch.name) to ") == true, "\(apart.stdout)")
        }
    }

    @Test(
        "A database named with a line break and an escape: health, backup and verify keep each target on one line of its own",
        arguments: Engine.allCases)
    func hostileDatabaseName(_ engine: Engine) throws {
        // The server lists it like any other; its name reached the fleet lines, the
        // members' headers and backup's summary raw, splitting them over two lines.
        let tag = "flat" + UUID().uuidString.prefix(6).lowercased()
        let scratch = try ScratchDatabase(engine, prefix: tag + "\n\u{1B}[31mtail")
        defer { scratch.drop() }
        let connection = try scratch.connect()
        try connection.executeScript("CREATE TABLE t (id INT PRIMARY KEY); INSERT INTO t VALUES (1), (2)")
        connection.close()
        try withTemporaryDirectory { folder in
            let server = try TestServers.url(engine, database: engine == .postgres ? "postgres" : "mysql")
            let config = folder + "/dbops.toml"
            try "[targets.srv]\nurl = \"\(server)\"\ndatabases = \"dbops_\(tag)*\"\n".write(
                toFile: config, atomically: true, encoding: .utf8)
            chmod(config, 0o600)
            let run = { (arguments: [String]) in try DBOpsProcess.run(arguments + ["--config", config], timeout: 120) }
            let words = ["OK ", "WARNING ", "CRITICAL ", "UNKNOWN ", "FAILED "]
            let health = try run(["health", "--target", "srv"])
            let lines = health.stdout.split(separator: "\n", omittingEmptySubsequences: false)
            // The line per target: the server's member, then the database, each whole.
            #expect(lines.prefix(2).allSatisfy { line in words.contains { line.hasPrefix($0) } }, "\(health)")
            #expect(lines[1].contains("srv/dbops_\(tag)  [31mtail"), "\(health)")  // each control character a space
            let backup = try run(["backup", "--target", "srv", "-o", folder + "/b/{target}/{database}-{timestamp}"])
            #expect(backup.exitCode == 0, "\(backup)")
            #expect(backup.stdout.split(separator: "\n").count == 2, "\(backup)")
            #expect(backup.stdout.split(separator: "\n").allSatisfy { $0.hasPrefix("OK ") }, "\(backup)")
            let verify = try DBOpsProcess.run(["verify", folder + "/b"])
            #expect(verify.exitCode == 0, "\(verify)")
            #expect(verify.stdout.split(separator: "\n").count == 3, "\(verify)")
            for result in [health, backup, verify] {
                #expect(!(result.stdout + result.stderr).contains("\u{1B}"), "\(result)")
            }
        }
    }

    @Test(
        "Prometheus across a fleet: a } , = or quote in a target, group or rule name stays inside its label value; each family's samples together"
    )
    func prometheusHostileLabels() throws {
        let (one, two) = (
            try ScratchDatabase(.postgres, prefix: "fleet_p"), try ScratchDatabase(.mysql, prefix: "fleet_p")
        )
        defer { [one, two].forEach { $0.drop() } }
        for scratch in [one, two] {
            let connection = try scratch.connect()
            defer { connection.close() }
            try connection.executeScript(
                "CREATE TABLE tokens (id INT PRIMARY KEY, expires_at TIMESTAMP NOT NULL); INSERT INTO tokens VALUES (1, TIMESTAMP '2001-01-01 00:00:00')"
            )
        }
        try withTemporaryDirectory { directory in
            let config = directory + "/dbops.toml"
            try """
            [cleanup.rules."t}o,k=\\"x"]
            table = "tokens"
            column = "expires_at"
            [targets."a}b,c=\\"d"]
            url = "\(try one.url)"
            groups = ["g,h}"]
            [targets.plain]
            url = "\(try two.url)"
            groups = ["g,h}"]
            """.write(toFile: config, atomically: false, encoding: .utf8)
            chmod(config, 0o600)
            let result = try DBOpsProcess.run(
                ["--config", config, "--all", "cleanup", "--no-builtin", "--dry-run", "--format", "prometheus"],
                timeout: 120)
            #expect(result.exitCode == 0, "\(result)")
            let lines = result.stdout.split(separator: "\n").map(String.init)
            for target in [#"a}b,c=\"d"#, "plain"] {
                let expected =
                    #"dbops_maintenance_rows{target=""# + target
                    + #"",group="g,h}",job_name="cleanup",rule="t}o,k=\"x",table="tokens"} 1"#
                #expect(lines.contains(expected), "\(expected) in:\n\(result.stdout)")
            }
            // A family's samples follow its one HELP and TYPE, never split by another's.
            var seen: [String] = []
            for line in lines where !line.hasPrefix("#") {
                let family = String(line.prefix { $0 != "{" && $0 != " " })
                if seen.last != family {
                    #expect(!seen.contains(family), "\(family) split:\n\(result.stdout)")
                    seen.append(family)
                }
            }
            #expect(lines.filter { $0.hasPrefix("# TYPE dbops_maintenance_rows ") }.count == 1)
        }
    }
}

/// Which of a fleet's databases have a dbops session at work (running a statement or
/// inside a transaction), as the servers list them (pg_stat_activity, the processlist
/// and InnoDB's transactions), every 20 ms until stopped.
final class SessionSampler: @unchecked Sendable {
    typealias Sample = (pg: Set<String>, my: Set<String>)
    private let lock = NSLock()
    private var samples: [Sample] = []
    private var stopped = false
    private let done = DispatchSemaphore(value: 0)

    init(databases: Set<String>) throws {
        let pg = try TestServers.connect(.postgres)
        let my = try TestServers.connect(.mysql)
        let thread = Thread { [self] in
            defer {
                pg.close()
                my.close()
                done.signal()
            }
            while !isStopped {
                let onPG =
                    (try? pg.query(
                        "SELECT datname FROM pg_stat_activity WHERE application_name LIKE 'dbops%' AND datname IS NOT NULL AND state <> 'idle'"
                    ).rows.compactMap { $0[0] }) ?? []
                let onMy =
                    (try? my.query(
                        "SELECT DB FROM information_schema.PROCESSLIST WHERE DB IS NOT NULL AND ID <> CONNECTION_ID() AND (COMMAND <> 'Sleep' OR ID IN (SELECT trx_mysql_thread_id FROM information_schema.INNODB_TRX))"
                    ).rows.compactMap { $0[0] }) ?? []
                lock.lock()
                samples.append((Set(onPG).intersection(databases), Set(onMy).intersection(databases)))
                lock.unlock()
                Thread.sleep(forTimeInterval: 0.02)
            }
        }
        thread.start()
    }

    private var isStopped: Bool {
        lock.lock()
        defer { lock.unlock() }
        return stopped
    }

    func stop() -> [Sample] {
        lock.lock()
        stopped = true
        lock.unlock()
        done.wait()
        lock.lock()
        defer { lock.unlock() }
        return samples
    }
}
