import DBCore
import Foundation
import Testing
import TestSupport

/// One config file serves a fleet of both engines: a limit or a check that only the other
/// engine has is skipped on this one (a MySQL binlog limit made every PostgreSQL target's
/// health exit 64), while a name no engine knows is refused, by `config check` too.
@Suite("Health limits and checks named in a config for both engines")
struct HealthConfigNamesTests {
    /// A limit only MySQL/MariaDB checks, one only PostgreSQL checks, and one both do, set
    /// so that it fails: uptime is CRITICAL below a billion seconds.
    static let bothEngines = """
        [health.thresholds.binlog_retention]
        warning = 1

        [health.thresholds.wal_archiving]
        warning = 1

        [health.thresholds.uptime]
        critical = 1000000000
        """

    @Test("The other engine's limits are skipped; this engine's apply", arguments: Engine.allCases)
    func otherEnginesLimitsSkipped(_ engine: Engine) throws {
        try withTemporaryDirectory { folder in
            let file = folder + "/dbops.toml"
            try Self.bothEngines.write(toFile: file, atomically: true, encoding: .utf8)
            let environment = ["DBOPS_URL": try TestServers.url(engine)]
            let result = try DBOpsProcess.run(
                ["--config", file, "health", "--check", "uptime"], environment: environment)
            #expect(result.exitCode == 2 && result.stdout.hasPrefix("CRITICAL"), "\(result)")
            let flags = try DBOpsProcess.run(
                ["health", "--check", "uptime", "--warn", "binlog_retention=1", "--warn", "wal_archiving=1"],
                environment: environment)
            #expect(flags.exitCode == 0, "\(flags)")
            let other = engine == .postgres ? "binlog_retention" : "wal_archiving"
            let only = try DBOpsProcess.run(["health", "--check", other], environment: environment)
            #expect(
                only.exitCode == 64 && only.stderr.contains("no check asked for runs on \(engine.rawValue)"), "\(only)")
            let typo = try DBOpsProcess.run(["health", "--warn", "uptme=5"], environment: environment)
            #expect(typo.exitCode == 64, "\(typo)")
        }
    }

    @Test("config check refuses a limit or check no engine has, wherever it is named")
    func configCheckRefusesUnknownNames() throws {
        try withTemporaryDirectory { folder in
            let file = folder + "/dbops.toml"
            try Self.bothEngines.write(toFile: file, atomically: true, encoding: .utf8)
            let fine = try DBOpsProcess.run(["--config", file, "config", "check"])
            #expect(fine.exitCode == 0, "\(fine)")
            let target = "[targets.a]\nurl = \"postgres://u@127.0.0.1:1/x\"\n"
            let cases: [(toml: String, says: String)] = [
                ("[health.thresholds.conections]\nwarning = 1\n", "[health.thresholds.conections]: no such limit"),
                (target + "[targets.a.health.thresholds.uptim]\nwarning = 1\n", "[targets.a.health.thresholds.uptim]"),
                ("[slow_queries.thresholds.mean]\nwarning = 1\n", "[slow_queries.thresholds.mean]: no such limit"),
                ("[index_usage.thresholds.unsued]\nwarning = 1\n", "[index_usage.thresholds.unsued]: no such limit"),
                ("[health]\nchecks = [\"uptime\", \"wal_archivng\"]\n", "unknown check wal_archivng"),
            ]
            for (toml, says) in cases {
                try toml.write(toFile: file, atomically: true, encoding: .utf8)
                let result = try DBOpsProcess.run(["--config", file, "config", "check"])
                #expect(result.exitCode == 64 && result.stderr.contains(says), "\(toml): \(result)")
            }
            // A check the config defines itself may be given limits.
            try "[checks.queue_depth]\npostgres = \"SELECT 1\"\n[health.thresholds.queue_depth]\nwarning = 5\n".write(
                toFile: file, atomically: true, encoding: .utf8)
            let custom = try DBOpsProcess.run(["--config", file, "config", "check"])
            #expect(custom.exitCode == 0, "\(custom)")
        }
    }
}
