import DBCore
import Foundation
import Testing
import TestSupport

/// A server frozen (SIGSTOP on every one of its processes) while dbops waits on it: the
/// run ends by itself with one line and exit 1 soon after --stall-timeout, leaving nothing
/// that looks complete. The freezes happen on the solo servers, never the shared ones.
/// Each test freezes while dbops is blocked reading a reply (waiting on a lock the
/// application holds): the same blocked read a COPY stream is in, at a moment the test
/// can be sure of.
@Suite("A frozen server never hangs dbops")
struct FrozenServerTests {
    static let bound = 40.0

    /// Starts dbops, waits until `waiting` sees its session blocked, freezes the server,
    /// and returns how dbops ended and how long that took after the freeze.
    func freezeWhileBlocked(
        _ engine: Engine, _ arguments: [String], url: String, started: (pid_t) -> Void = { _ in },
        waiting: () throws -> Bool
    ) throws -> (status: Int32, stderr: String, seconds: Double) {
        let process = try DBOpsProcess.start(
            arguments + ["--stall-timeout", "2s", "--connect-timeout", "2s"],
            environment: ["DBOPS_URL": url], stderr: .pipe)
        started(process.processIdentifier)
        defer { if process.isRunning { process.terminate() } }
        #expect(try eventually(timeout: 20) { try waiting() || !process.isRunning }, "dbops reached the lock wait")
        #expect(process.isRunning, "dbops is still waiting when the server freezes")
        try SoloServer.freeze(engine)
        defer { SoloServer.thaw(engine) }
        let frozenAt = Date()
        let ended = eventually(timeout: Self.bound, interval: 0.1) { !process.isRunning }
        let seconds = Date().timeIntervalSince(frozenAt)
        if !ended { process.interrupt() }
        process.waitUntilExit()
        let stderr = String(decoding: process.standardError!.readDataToEndOfFile(), as: UTF8.self)
        return (process.terminationStatus, stderr, seconds)
    }

    @Test("PostgreSQL: backup waiting for its table locks ends soon after the server freezes")
    func postgresBackup() throws {
        try SoloServer.exclusively(.postgres) {
            try ScratchDatabase.with(.postgres, prefix: "frz", solo: true) { scratch in
                let app = try scratch.connect()
                defer { app.close() }
                try app.executeScript(
                    "CREATE TABLE t (id int PRIMARY KEY, v text); INSERT INTO t SELECT g, 'x' FROM generate_series(1, 1000) g"
                )
                try app.executeScript("BEGIN; LOCK TABLE t IN ACCESS EXCLUSIVE MODE")
                let watcher = try scratch.connect()
                defer { watcher.close() }
                try withTemporaryDirectory { folder in
                    let output = folder + "/b"
                    let result = try freezeWhileBlocked(
                        .postgres, ["backup", "-o", output, "--lock-timeout", "1h"], url: try scratch.url
                    ) {
                        try watcher.scalar(
                            "SELECT count(*) FROM pg_locks WHERE NOT granted AND relation = 't'::regclass") != "0"
                    }
                    #expect(result.seconds < Self.bound, "ended \(result.seconds)s after the freeze")
                    #expect(result.status == 1, "\(result)")
                    #expect(result.stderr.contains("stopped answering"), "\(result.stderr)")
                    #expect(
                        !FileManager.default.fileExists(atPath: output + "/manifest.json"), "nothing looks complete")
                }
            }
        }
    }

    @Test("PostgreSQL: analyze waiting for a table the application holds ends soon after the server freezes")
    func postgresAnalyze() throws {
        try SoloServer.exclusively(.postgres) {
            try ScratchDatabase.with(.postgres, prefix: "frz", solo: true) { scratch in
                let app = try scratch.connect()
                defer { app.close() }
                // Two tables never analyzed: a (held by the application) comes first.
                try app.executeScript(
                    """
                    CREATE TABLE a (id int PRIMARY KEY); INSERT INTO a SELECT generate_series(1, 1000);
                    CREATE TABLE b (id int PRIMARY KEY); INSERT INTO b SELECT generate_series(1, 1000)
                    """)
                // The inserts reach the statistics views when their backend flushes them.
                #expect(
                    try eventually(timeout: 20) {
                        let stats = try scratch.connect()
                        defer { stats.close() }
                        return try stats.scalar(
                            "SELECT count(*) FROM pg_stat_user_tables WHERE n_mod_since_analyze >= 1000") == "2"
                    })
                try app.executeScript("BEGIN; LOCK TABLE a IN ACCESS EXCLUSIVE MODE")
                let watcher = try scratch.connect()
                defer { watcher.close() }
                let result = try freezeWhileBlocked(
                    .postgres, ["analyze", "--lock-timeout", "1h"], url: try scratch.url
                ) {
                    try watcher.scalar(
                        "SELECT count(*) FROM pg_locks WHERE NOT granted AND relation = 'a'::regclass") != "0"
                }
                #expect(result.seconds < Self.bound, "ended \(result.seconds)s after the freeze")
                #expect(result.status == 1, "\(result)")
                // The table it was on, why, and no later table tried on a dead connection.
                #expect(
                    result.stderr.contains("table public.a: the server stopped answering"), "\(result.stderr)")
                #expect(!result.stderr.contains("public.b"), "\(result.stderr)")
            }
        }
    }

    @Test("PostgreSQL: a snapshot whose server freezes midway stores what it read and fails")
    func postgresSnapshot() throws {
        try SoloServer.exclusively(.postgres) {
            try ScratchDatabase.with(.postgres, prefix: "frz", solo: true) { scratch in
                try withTemporaryDirectory { folder in
                    // A custom health check keeps the health part busy while the other parts
                    // end; the server freezes during it.
                    let config = folder + "/dbops.toml"
                    try """
                    [health]
                    statement_timeout = "60s"
                    [checks.slow_probe]
                    postgres = "SELECT 1 FROM pg_sleep(30)"
                    """.write(toFile: config, atomically: true, encoding: .utf8)
                    let store = folder + "/history.sqlite"
                    let watcher = try scratch.connect()
                    defer { watcher.close() }
                    try watcher.executeScript("CREATE TABLE t (id int PRIMARY KEY); INSERT INTO t VALUES (1)")
                    let result = try freezeWhileBlocked(
                        .postgres, ["snapshot", "--config", config, "--history", store], url: try scratch.url
                    ) {
                        // The health part is in its slow check and every other part is done
                        // (no other session of this database is running a statement): on a
                        // loaded machine the analytics part could still be running, and the
                        // freeze caught it too.
                        try watcher.scalar(
                            """
                            SELECT count(*) FILTER (WHERE query LIKE '%pg_sleep(30)%') = 1
                                   AND count(*) FILTER (WHERE state <> 'idle' AND query NOT LIKE '%pg_sleep(30)%') = 0
                            FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()
                            """) == "t"
                    }
                    #expect(result.seconds < Self.bound, "ended \(result.seconds)s after the freeze")
                    // It said all was well (exit 0) with the health part only noted.
                    #expect(result.status == 1, "\(result)")
                    #expect(
                        result.stderr.contains("stopped answering during the snapshot: health not recorded"),
                        "\(result.stderr)")
                    SoloServer.thaw(.postgres)
                    let listed = try DBOpsProcess.run(["history", "--history", store, "--format", "json"])
                    #expect(
                        listed.exitCode == 0 && listed.stdout.contains("table.total_bytes"), "what was read is stored")
                }
            }
        }
    }

    /// pg_restore -j runs post-data in worker processes it forks, each with its own session
    /// (and dbops' stderr pipe). Killing pg_restore alone left them blocked on the frozen
    /// server and dbops waiting for them for ever; the whole process group goes now. The
    /// wait is made certain by RestoreGate: it holds the load until the
    /// application has locked the table the foreign key (post-data) needs.
    @Test("PostgreSQL: restore whose pg_restore workers wait on a lock ends soon after the server freezes")
    func postgresRestorePostData() throws {
        try SoloServer.exclusively(.postgres) {
            let restoreGate = RestoreGate(key: 774412)
            try ScratchDatabase.with(.postgres, prefix: "frz", solo: true) { source in
                let setup = try source.connect()
                try setup.executeScript(restoreGate.setupSQL)
                setup.close()
                try withTemporaryDirectory { folder in
                    let backup = try DBOpsProcess.run(
                        ["backup", "-o", folder + "/b"], environment: ["DBOPS_URL": try source.url])
                    #expect(backup.exitCode == 0, "\(backup)")
                    try ScratchDatabase.with(.postgres, prefix: "frzt", solo: true) { target in
                        let gate = try target.connect()
                        defer { gate.close() }
                        try restoreGate.close(gate)
                        let application = try target.connect()
                        defer { application.close() }
                        var started: pid_t = 0
                        var locked = false
                        let result = try freezeWhileBlocked(
                            .postgres, ["restore", "--jobs", "2", "--lock-timeout", "1h", folder + "/b"],
                            url: try target.url, started: { started = $0 }
                        ) {
                            if !locked, try restoreGate.isWaiting(gate) {
                                try restoreGate.openWithChildLocked(gate, application: application)
                                locked = true
                            }
                            return try gate.scalar(
                                """
                                SELECT count(*) FROM pg_locks l JOIN pg_stat_activity a USING (pid)
                                WHERE NOT l.granted AND l.relation = to_regclass('public.child') AND a.query LIKE 'ALTER TABLE%'
                                """) != "0"
                        }
                        #expect(result.seconds < Self.bound, "ended \(result.seconds)s after the freeze")
                        #expect(result.status == 1, "\(result)")
                        #expect(result.stderr.contains("stopped answering"), "\(result.stderr)")
                        #expect(Self.toolsOf(started).isEmpty, "no pg_restore of that run is left")
                        SoloServer.thaw(.postgres)
                        try application.execute("ROLLBACK")
                        #expect(
                            try application.scalar(
                                "SELECT count(*) FROM pg_class WHERE relname = '_dbops_restore_incomplete'") == "1",
                            "the target stays marked incomplete")
                    }
                }
            }
        }
    }

    /// The pg_dump / pg_restore processes working in dbops run `pid`'s private folder.
    static func toolsOf(_ pid: pid_t) -> [String] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap { entry -> String? in
            guard Int32(entry) != nil, let data = FileManager.default.contents(atPath: "/proc/\(entry)/cmdline")
            else { return nil }
            let line = String(decoding: data, as: UTF8.self).replacingOccurrences(of: "\0", with: " ")
            return line.contains("pg_restore") && line.contains("/dbops-\(pid).") ? line : nil
        }
    }

    @Test("MariaDB: restore --table waiting on a row the application holds ends soon after the server freezes")
    func mysqlRestore() throws {
        try SoloServer.exclusively(.mysql) {
            try ScratchDatabase.with(.mysql, prefix: "frz", solo: true) { scratch in
                let app = try scratch.connect()
                defer { app.close() }
                try app.executeScript(
                    "CREATE TABLE t (id INT PRIMARY KEY, v TEXT); INSERT INTO t SELECT seq, 'x' FROM seq_1_to_1000")
                try withTemporaryDirectory { folder in
                    let backup = try DBOpsProcess.run(
                        ["backup", "-o", folder + "/b"], environment: ["DBOPS_URL": try scratch.url])
                    #expect(backup.exitCode == 0, "\(backup)")
                    try app.executeScript("START TRANSACTION; SELECT id FROM t WHERE id = 500 FOR UPDATE")
                    let watcher = try scratch.connect()
                    defer { watcher.close() }
                    let result = try freezeWhileBlocked(
                        .mysql, ["restore", "--table", "t", folder + "/b"], url: try scratch.url
                    ) {
                        try watcher.scalar(
                            "SELECT COUNT(*) FROM information_schema.INNODB_TRX WHERE trx_state = 'LOCK WAIT'") != "0"
                    }
                    #expect(result.seconds < Self.bound, "ended \(result.seconds)s after the freeze")
                    #expect(result.status == 1, "\(result)")
                    #expect(result.stderr.contains("stopped answering"), "\(result.stderr)")
                }
                // Thawed, the application's transaction is still whole, and the table too.
                try app.executeScript("ROLLBACK")
                #expect(try app.scalar("SELECT COUNT(*) FROM t") == "1000")
            }
        }
    }

    @Test(
        "A server frozen before dbops connects: health is CRITICAL within the connect timeout",
        arguments: Engine.allCases)
    func frozenBeforeConnect(_ engine: Engine) throws {
        try SoloServer.exclusively(engine) {
            let url = try SoloServer.url(engine, database: engine == .postgres ? "postgres" : "mysql")
            try SoloServer.freeze(engine)
            defer { SoloServer.thaw(engine) }
            let result = try DBOpsProcess.run(
                ["health", "--connect-timeout", "2s"], environment: ["DBOPS_URL": url], timeout: 60)
            #expect(result.exitCode == 2, "\(result)")
            #expect(result.seconds < 20, "took \(result.seconds)s")
        }
    }
}
