import DBCore
import Foundation
import Testing
import TestSupport

/// Where a password could leak around dbops: the environment and arguments of pg_dump and
/// pg_restore, files a killed run leaves behind, a config file others can read.
@Suite("Secrets around child tools, killed runs and config files")
struct ChildSecretsTests {
    func privateDirectory() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("dbops-sec-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(
            atPath: path, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        return path
    }

    /// Every file under `directory` whose bytes contain `secret`.
    func files(under directory: String, containing secret: String) -> [String] {
        var found: [String] = []
        guard let walker = FileManager.default.enumerator(atPath: directory) else { return [] }
        for case let name as String in walker {
            let path = (directory as NSString).appendingPathComponent(name)
            if let data = FileManager.default.contents(atPath: path),
                String(decoding: data, as: UTF8.self).contains(secret)
            {
                found.append(path)
            }
        }
        return found
    }

    @Test("pg_dump and pg_restore see neither DBOPS_URL nor the password in their environment or arguments")
    func childEnvironment() throws {
        let dir = try privateDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let password = try TestServers.password(.postgres)
        // Wrappers record what the real tools are given, then run them.
        for tool in ["pg_dump", "pg_restore"] {
            let script = """
                #!/bin/sh
                env > "\(dir)/\(tool).env"
                echo "$@" > "\(dir)/\(tool).args"
                cat "$PGPASSFILE" > /dev/null 2>&1 && echo readable > "\(dir)/\(tool).passfile"
                ls -l /proc/self/fd > "\(dir)/\(tool).fds"
                exec /usr/lib/postgresql/15/bin/\(tool) "$@"
                """
            try script.write(toFile: "\(dir)/\(tool)", atomically: true, encoding: .utf8)
            chmod("\(dir)/\(tool)", 0o755)
        }
        try ScratchDatabase.with(.postgres, prefix: "childenv") { scratch in
            let connection = try scratch.connect()
            try connection.executeScript("CREATE TABLE t (id int PRIMARY KEY); INSERT INTO t VALUES (1)")
            connection.close()
            let environment = ["DBOPS_URL": try scratch.url, "DATABASE_URL": try scratch.url, "DBOPS_PG_BINDIR": dir]
            let backup = try DBOpsProcess.run(["backup", "-o", dir + "/b"], environment: environment)
            #expect(backup.exitCode == 0, "\(backup)")
            try ScratchDatabase.with(.postgres, prefix: "childenvr") { target in
                let restore = try DBOpsProcess.run(
                    ["restore", dir + "/b"],
                    environment: ["DBOPS_URL": try target.url, "DATABASE_URL": try target.url, "DBOPS_PG_BINDIR": dir])
                #expect(restore.exitCode == 0, "\(restore)")
            }
            for tool in ["pg_dump", "pg_restore"] {
                let env = try String(contentsOfFile: "\(dir)/\(tool).env", encoding: .utf8)
                let args = try String(contentsOfFile: "\(dir)/\(tool).args", encoding: .utf8)
                #expect(
                    !env.contains(password) && !args.contains(password),
                    "\(tool) never sees the password in env or argv")
                #expect(!env.contains("DBOPS_URL") && !env.contains("DATABASE_URL"), "\(tool): \(env)")
                #expect(env.contains("PGPASSFILE=/dev/fd/3"))
                #expect(
                    FileManager.default.fileExists(atPath: "\(dir)/\(tool).passfile"),
                    "\(tool) could read its password file")
            }
        }
    }

    @Test("SIGKILL at any moment of a PostgreSQL backup leaves no file holding the password")
    func killedBackupLeavesNoPassword() throws {
        let password = try TestServers.password(.postgres)
        try ScratchDatabase.with(.postgres, prefix: "killsec") { scratch in
            let connection = try scratch.connect()
            try connection.executeScript(
                "CREATE TABLE t (id int PRIMARY KEY, v text); INSERT INTO t SELECT g, repeat('x', 200) FROM generate_series(1, 50000) g"
            )
            connection.close()
            for delay in [0.02, 0.08, 0.15, 0.3, 0.6] {
                let tmp = try privateDirectory()
                defer { try? FileManager.default.removeItem(atPath: tmp) }
                let process = try DBOpsProcess.start(
                    ["backup", "-o", tmp + "/b"], environment: ["DBOPS_URL": try scratch.url, "TMPDIR": tmp])
                Thread.sleep(forTimeInterval: delay)
                kill(process.processIdentifier, SIGKILL)
                process.waitUntilExit()
                // pg_dump, orphaned, ends once its connection notices; give it a moment.
                Thread.sleep(forTimeInterval: 0.2)
                #expect(files(under: tmp, containing: password).isEmpty, "killed after \(delay)s")
            }
        }
    }

    /// A pg_dump left running by a killed dbops holds its locks and its snapshot with
    /// nobody to report to. The stand-in pg_dump here only waits, as a real one waits on a
    /// table lock; it must end with dbops, not a minute later.
    @Test("A dbops killed with SIGKILL takes its pg_dump with it")
    func killedBackupTakesItsChild() throws {
        let dir = try privateDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try """
        #!/bin/sh
        echo $$ > "\(dir)/pg_dump.pid"
        exec sleep 60
        """.write(toFile: "\(dir)/pg_dump", atomically: true, encoding: .utf8)
        chmod("\(dir)/pg_dump", 0o755)
        try ScratchDatabase.with(.postgres, prefix: "orphan") { scratch in
            let connection = try scratch.connect()
            try connection.executeScript("CREATE TABLE t (id int PRIMARY KEY); INSERT INTO t VALUES (1)")
            connection.close()
            let process = try DBOpsProcess.start(
                ["backup", "-o", dir + "/b"], environment: ["DBOPS_URL": try scratch.url, "DBOPS_PG_BINDIR": dir])
            var child: pid_t = 0
            let started = eventually(timeout: 30) {
                child =
                    pid_t(
                        (try? String(contentsOfFile: dir + "/pg_dump.pid", encoding: .utf8))?
                            .trimmingCharacters(in: .whitespacesAndNewlines) ?? "") ?? 0
                return child > 0
            }
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            #expect(started, "the stand-in pg_dump never started")
            guard started else { return }
            defer { kill(child, SIGKILL) }
            // Gone, or dead and not yet reaped (a zombie, state Z) by whoever adopted it.
            let dead = eventually(timeout: 10) {
                guard let stat = try? String(contentsOfFile: "/proc/\(child)/stat", encoding: .utf8) else {
                    return true
                }
                return stat.split(separator: ")").last?.split(separator: " ").first == "Z"
            }
            #expect(dead, "pg_dump \(child) outlived dbops")
        }
    }

    @Test("A config file whose URL holds a password must not be readable by others", arguments: Engine.allCases)
    func configFileWithPassword(_ engine: Engine) throws {
        let dir = try privateDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let file = dir + "/dbops.toml"
        try "[targets.main]\nurl = \"\(try TestServers.url(engine))\"\n".write(
            toFile: file, atomically: true, encoding: .utf8)
        chmod(file, 0o644)
        let open = try DBOpsProcess.run(["--config", file, "health", "--target", "main", "--check", "connection"])
        #expect(open.exitCode == 64, "\(open)")
        #expect(open.stderr.contains("readable by group or others"))
        #expect(!open.stderr.contains(try TestServers.password(engine)))
        chmod(file, 0o600)
        let closed = try DBOpsProcess.run(["--config", file, "health", "--target", "main", "--check", "connection"])
        #expect(closed.exitCode == 0, "\(closed)")
    }
}
