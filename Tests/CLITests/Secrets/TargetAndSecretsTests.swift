import DBCore
import Foundation
import Testing
import TestSupport

/// Where targets and passwords come from: config file, password file, ~/.pgpass,
/// PGPASSWORD, ~/.my.cnf. No password on the command line, none in any output.
@Suite("Targets, config file and password sources")
struct TargetAndSecretsTests {
    /// A private temporary directory (used as HOME, and for config and password files).
    func privateDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("dbops-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(
            at: url, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        return url
    }

    func write(_ text: String, _ url: URL, mode: Int16 = 0o600) throws {
        try text.write(to: url, atomically: true, encoding: .utf8)
        chmod(url.path, mode_t(mode))
    }

    /// The server URL without its password.
    func passwordless(_ engine: Engine) throws -> String {
        let config = try TestServers.config(engine)
        let scheme = engine == .postgres ? "postgres" : "mysql"
        return "\(scheme)://\(config.user!)@127.0.0.1:\(config.port!)/\(config.database!)"
    }

    @Test("Config file target with a password file, thresholds and a per-target override", arguments: Engine.allCases)
    func configFile(_ engine: Engine) throws {
        let dir = try privateDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let password = try TestServers.password(engine)
        try write(password + "\n", dir.appendingPathComponent("db.password"))
        let config = dir.appendingPathComponent("dbops.toml")
        try write(
            """
            [defaults]
            connect_timeout = 3

            [health]
            checks = ["connection", "connections"]

            [health.thresholds.connections]
            warning = 80

            [targets.main]
            url = "\(try passwordless(engine))"
            password_file = "\(dir.appendingPathComponent("db.password").path)"

            [targets.strict]
            url = "\(try passwordless(engine))"
            password_file = "\(dir.appendingPathComponent("db.password").path)"

            [targets.strict.health.thresholds.connections]
            warning = 0
            """, config)
        let ok = try DBOpsProcess.run(["--config", config.path, "health", "--target", "main"])
        #expect(ok.exitCode == 0, "\(ok)")
        #expect(ok.stdout.contains("connections"))
        #expect(!ok.stdout.contains("long_queries"), "the config's check list applies")
        let strict = try DBOpsProcess.run(["health", "--config", config.path, "--target", "strict"])
        #expect(strict.exitCode == 1, "\(strict)")
        #expect(!(strict.stdout + strict.stderr).contains(password))
        let viaEnv = try DBOpsProcess.run(["health", "--target", "main"], environment: ["DBOPS_CONFIG": config.path])
        #expect(viaEnv.exitCode == 0, "\(viaEnv)")
        let missing = try DBOpsProcess.run(["health", "--config", config.path, "--target", "nope"])
        #expect(missing.exitCode == 64)
        #expect(missing.stderr.contains("known: main, strict"))
    }

    @Test("Broken config files are usage errors")
    func badConfig() throws {
        let dir = try privateDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let cases = [
            ("[frobnicate]\nx = 1\n", "unknown section [frobnicate]"),
            ("[targets.a]\nurl = \"postgres://u@h/x\"\npasword_file = \"/x\"\n", "unknown key pasword_file"),
            ("this is = = not toml", "line 1"),
            ("[targets.a]\nurl = 5\n", "must be a string"),
        ]
        for (text, message) in cases {
            let file = dir.appendingPathComponent("bad.toml")
            try write(text, file)
            let result = try DBOpsProcess.run(["health", "--config", file.path, "--target", "a"])
            #expect(result.exitCode == 64, "\(text): \(result)")
            #expect(result.stderr.contains(message), "\(text): \(result)")
        }
    }

    @Test("A password file readable by others is refused", arguments: Engine.allCases)
    func openPasswordFile(_ engine: Engine) throws {
        let dir = try privateDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("pw")
        try write(try TestServers.password(engine), file, mode: 0o644)
        let result = try DBOpsProcess.run(["health", "--url", try passwordless(engine), "--password-file", file.path])
        #expect(result.exitCode == 64, "\(result)")
        #expect(result.stderr.contains("chmod 600"))
        chmod(file.path, 0o600)
        let fixed = try DBOpsProcess.run([
            "health", "--check", "connection", "--url", try passwordless(engine), "--password-file", file.path,
        ])
        #expect(fixed.exitCode == 0, "\(fixed)")
    }

    @Test(
        "A password from a pipe (/dev/stdin, <(vault ...)): read once for a whole fleet; a FIFO nobody writes is given up on",
        arguments: Engine.allCases)
    func pipedPassword(_ engine: Engine) throws {
        let password = Data((try TestServers.password(engine) + "\n").utf8)
        let single = try DBOpsProcess.run(
            ["health", "--check", "connection", "--url", try passwordless(engine), "--password-file", "/dev/stdin"],
            stdin: password)
        #expect(single.exitCode == 0, "\(single)")
        let dir = try privateDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        // Two targets, one pipe: the second must not find it empty.
        let config = dir.appendingPathComponent("dbops.toml")
        try write(
            "[targets.one]\nurl = \"\(try passwordless(engine))\"\n[targets.two]\nurl = \"\(try passwordless(engine))\"\n",
            config)
        let fleet = try DBOpsProcess.run(
            ["--config", config.path, "--all", "health", "--check", "connection", "--password-file", "/dev/stdin"],
            stdin: password)
        #expect(fleet.exitCode == 0, "\(fleet)")
        let fifo = dir.appendingPathComponent("pw.fifo").path
        #expect(mkfifo(fifo, 0o600) == 0)
        let silent = try DBOpsProcess.run(
            ["health", "--check", "connection", "--url", try passwordless(engine), "--password-file", fifo], timeout: 60
        )
        #expect(silent.exitCode == 64 && silent.stderr.contains("nothing came through the pipe"), "\(silent)")
    }

    @Test("libpq's own password sources: ~/.pgpass, PGPASSFILE, PGPASSWORD")
    func libpqPasswordSources() throws {
        let home = try privateDirectory()
        defer { try? FileManager.default.removeItem(at: home) }
        let config = try TestServers.config(.postgres)
        let password = try TestServers.password(.postgres)
        let url = try passwordless(.postgres)
        let without = try DBOpsProcess.run(
            ["health", "--check", "connection", "--url", url], environment: ["HOME": home.path])
        #expect(without.exitCode == 2, "no password anywhere: \(without)")
        try write("127.0.0.1:\(config.port!):*:\(config.user!):\(password)\n", home.appendingPathComponent(".pgpass"))
        let pgpass = try DBOpsProcess.run(
            ["health", "--check", "connection", "--url", url], environment: ["HOME": home.path])
        #expect(pgpass.exitCode == 0, "\(pgpass)")
        let other = home.appendingPathComponent("other.pgpass")
        try FileManager.default.moveItem(at: home.appendingPathComponent(".pgpass"), to: other)
        let pgpassfile = try DBOpsProcess.run(
            ["health", "--check", "connection", "--url", url],
            environment: ["HOME": home.path, "PGPASSFILE": other.path])
        #expect(pgpassfile.exitCode == 0, "\(pgpassfile)")
        let env = try DBOpsProcess.run(
            ["health", "--check", "connection", "--url", url], environment: ["HOME": home.path, "PGPASSWORD": password])
        #expect(env.exitCode == 0, "\(env)")
        #expect(!(env.stdout + env.stderr).contains(password))
    }

    @Test("MariaDB option files: ~/.my.cnf [client]")
    func myCnf() throws {
        let home = try privateDirectory()
        defer { try? FileManager.default.removeItem(at: home) }
        let password = try TestServers.password(.mysql)
        let url = try passwordless(.mysql)
        let without = try DBOpsProcess.run(
            ["health", "--check", "connection", "--url", url], environment: ["HOME": home.path])
        #expect(without.exitCode == 2, "no password anywhere: \(without)")
        try write("[client]\npassword=\(password)\n", home.appendingPathComponent(".my.cnf"))
        let cnf = try DBOpsProcess.run(
            ["health", "--check", "connection", "--url", url], environment: ["HOME": home.path])
        #expect(cnf.exitCode == 0, "\(cnf)")
        #expect(!(cnf.stdout + cnf.stderr).contains(password))
    }

    @Test(
        "TLS settings reach the driver: requiring TLS from a server without it fails clearly",
        arguments: Engine.allCases)
    func tlsPassThrough(_ engine: Engine) throws {
        let url = try TestServers.url(engine) + (engine == .postgres ? "?sslmode=require" : "?ssl-mode=REQUIRED")
        let result = try DBOpsProcess.run(["health", "--check", "connection"], environment: ["DBOPS_URL": url])
        #expect(result.exitCode == 2, "\(result)")
        #expect(result.stdout.lowercased().contains("ssl") || result.stdout.lowercased().contains("tls"), "\(result)")
        let invalid = try DBOpsProcess.run(
            ["health"],
            environment: [
                "DBOPS_URL": try TestServers.url(engine) + (engine == .postgres ? "?sslmode=bogus" : "?ssl-mode=bogus")
            ])
        // A bad value is the user's mistake (64) on both engines, never an outage (2).
        #expect(invalid.exitCode == 64, "\(invalid)")
        #expect((invalid.stdout + invalid.stderr).lowercased().contains("ssl"), "\(invalid)")
    }
}
