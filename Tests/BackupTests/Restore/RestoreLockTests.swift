import Backup
import DBCore
import Foundation
import Testing
import TestSupport

/// A restore into a database an application is using: --table's emptying and --clean's
/// drops wait for the application's locks at most --lock-timeout, then fail naming the
/// wait, instead of holding the restore (and every session queued behind it) forever.
/// PostgreSQL's drops are one transaction, so the target stays as it was; MySQL's cannot be
/// rolled back, so a clean marks the target incomplete before its first drop.
@Suite("Restore against an application holding locks")
struct RestoreLockTests {
    /// With MariaDB's metadata_lock_info plugin loaded, the table's own lock holder is named,
    /// as on PostgreSQL, rather than every open transaction (which a long backup elsewhere
    /// on the server would top).
    @Test("MariaDB with metadata_lock_info: a --table reload that gave up names the session holding the table")
    func mysqlReloadNamesTheHolder() throws {
        try SoloServer.exclusively(.mysql) {
            try SoloServer.withMetadataLockInfo {
                try ScratchDatabase.with(.mysql, prefix: "rlockmdl", solo: true) { target in
                    let connection = try target.connect()
                    defer { connection.close() }
                    try connection.executeScript(
                        "CREATE TABLE t (id INT PRIMARY KEY, v INT); INSERT INTO t VALUES (1, 1)")
                    try withTemporaryDirectory { folder in
                        _ = try BackupRunner.run(try target.config, options: BackupOptions(output: folder + "/b"))
                        // An older transaction elsewhere, on another table: not whom to ask.
                        let other = try target.connect()
                        defer { other.close() }
                        try other.executeScript("CREATE TABLE u (id INT PRIMARY KEY); START TRANSACTION")
                        _ = try other.query("SELECT * FROM u")
                        let holder = try target.connect()
                        defer { holder.close() }
                        try holder.execute("START TRANSACTION")
                        _ = try holder.query("SELECT v FROM t WHERE id = 1 FOR UPDATE")
                        let session = try holder.scalar("SELECT CONNECTION_ID()") ?? "?"
                        let refused = try DBOpsProcess.run(
                            ["restore", "--table", "t", "--lock-timeout", "1s", folder + "/b"],
                            environment: ["DBOPS_URL": try target.url], timeout: 60)
                        #expect(refused.exitCode == 1, "\(refused)")
                        #expect(
                            refused.stderr.contains("held by session \(session) (")
                                && refused.stderr.contains("MDL_SHARED_WRITE")
                                && !refused.stderr.contains("open transactions"), "\(session): \(refused.stderr)")
                        try holder.execute("ROLLBACK")
                    }
                }
            }
        }
    }

    @Test(
        "--table and --clean give up after --lock-timeout while an application holds a row lock",
        arguments: Engine.allCases)
    func applicationHoldsALock(_ engine: Engine) throws {
        try ScratchDatabase.with(engine, prefix: "rlock") { source in
            let connection = try source.connect()
            try connection.executeScript(
                "CREATE TABLE t (id INT PRIMARY KEY, v INT); INSERT INTO t VALUES (1, 1), (2, 2), (3, 3); CREATE TABLE other (id INT PRIMARY KEY)"
            )
            connection.close()
            try withTemporaryDirectory { folder in
                _ = try BackupRunner.run(try source.config, options: BackupOptions(output: folder + "/b"))
                try ScratchDatabase.with(engine, prefix: "rlockt") { target in
                    _ = try RestoreRunner.run(try target.config, options: RestoreOptions(input: folder + "/b"))
                    let check = try target.connect()
                    defer { check.close() }
                    let holder = try target.connect()
                    defer { holder.close() }
                    try holder.execute(engine == .postgres ? "BEGIN" : "START TRANSACTION")
                    _ = try holder.query("SELECT v FROM t WHERE id = 1 FOR UPDATE")
                    let holderSession = try holder.scalar(
                        engine == .postgres ? "SELECT pg_backend_pid()" : "SELECT CONNECTION_ID()")
                    let url = ["DBOPS_URL": try target.url]
                    let markers =
                        engine == .postgres
                        ? "SELECT count(*) FROM pg_class WHERE relname = '_dbops_restore_incomplete'"
                        : "SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = '_dbops_restore_incomplete'"
                    // Without the limit these would wait for the holder, which waits for them.
                    for arguments in [["--table", "t"], ["--clean"]] {
                        let refused = try DBOpsProcess.run(
                            ["restore"] + arguments + ["--lock-timeout", "1s", folder + "/b"], environment: url,
                            timeout: 60)
                        #expect(refused.exitCode == 1, "\(arguments): \(refused)")
                        #expect(
                            refused.stderr.contains("another session holds a lock the restore needs")
                                && refused.stderr.contains("--lock-timeout 1s"), "\(arguments): \(refused.stderr)")
                        if arguments[0] == "--table" {
                            // Whom to ask: PostgreSQL the session holding a lock on t, MySQL
                            // (which keeps no record of it) the open transactions, those of
                            // sessions using this database first (other suites' may be older).
                            #expect(
                                refused.stderr.contains(
                                    engine == .postgres
                                        ? "held by session \(holderSession ?? "?") ("
                                        : "open transactions, this database's sessions first, oldest first: session \(holderSession ?? "?") ("
                                ),
                                "\(holderSession ?? "?"): \(refused.stderr)")
                        }
                    }
                    #expect(try check.scalar("SELECT COUNT(*) FROM t") == "3", "the application's rows stay")
                    let marked = try check.scalar(markers)
                    // PostgreSQL's drops rolled back whole; MySQL's cannot, so it says so.
                    #expect(marked == (engine == .postgres ? "0" : "1"))
                    try holder.execute("ROLLBACK")
                    let clean = try DBOpsProcess.run(["restore", "--clean", folder + "/b"], environment: url)
                    #expect(clean.exitCode == 0, "\(clean)")
                    #expect(try check.scalar("SELECT COUNT(*) FROM t") == "3")
                    #expect(
                        try check.scalar("SELECT COUNT(*) FROM other") == "0", "what the failed clean dropped is back")
                    #expect(try check.scalar(markers) == "0")
                }
            }
        }
    }

    @Test(
        "A second restore into a target one is restoring into skips at once (exit 75), leaving it alone",
        arguments: Engine.allCases)
    func oneRestoreAtATime(_ engine: Engine) throws {
        try withBackupAndTarget(
            engine, prefix: "rone", setup: "CREATE TABLE kept (id int PRIMARY KEY); INSERT INTO kept VALUES (1)"
        ) { backup, target in
            // The running restore, as far as a second one can tell: its job lock.
            let running = try target.connect()
            defer { running.close() }
            #expect(try running.tryNamedLock(jobLockName(job: "restore", database: target.name)))
            let second = try DBOpsProcess.run(["restore", backup], environment: ["DBOPS_URL": try target.url])
            #expect(second.exitCode == 75, "\(second)")
            #expect(second.stderr.contains("restore is already running on database \(target.name)"))
            #expect(
                try running.scalar(
                    engine == .postgres
                        ? "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"
                        : "SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE()") == "0",
                "no marker, no table")
            running.close()
            let after = try DBOpsProcess.run(["restore", backup], environment: ["DBOPS_URL": try target.url])
            #expect(after.exitCode == 0, "its lock is gone with its session: \(after)")
        }
    }

    /// pg_restore's sessions and the loading workers run without a lock timeout of their
    /// own (their own steps may wait for each other as long as an index build takes), so an
    /// application that starts using a restored table midway and keeps its transaction open
    /// would hold the restore forever. A watch ends such a wait after --lock-timeout, naming
    /// the session that holds the lock. The gate: a CHECK constraint whose function waits
    /// for an advisory lock the test holds keeps the restore in its loading phase until the
    /// application's lock is in place, so the wait is certain to come in post-data.
    /// With `named`, the restore's URL carries the application's own application_name
    /// (an operator who copied the application's URL): the restore's sessions still go by
    /// their own, so the watch tells them from the application.
    @Test(
        "PostgreSQL: an application locking a restored table midway ends the restore after --lock-timeout, named",
        arguments: [nil, "shop-app"])
    func applicationLocksARestoredTableMidway(named: String?) throws {
        let restoreGate = RestoreGate(key: 774411)
        try withBackupAndTarget(.postgres, prefix: "rmid", setup: restoreGate.setupSQL) { backup, target in
            let gate = try target.connect()
            defer { gate.close() }
            try restoreGate.close(gate)
            let url = try target.url
            let restore = try DBOpsProcess.start(
                ["restore", "--lock-timeout", "2s", "--jobs", "1", backup],
                environment: [
                    "DBOPS_URL": named.map { url + (url.contains("?") ? "&" : "?") + "application_name=\($0)" } ?? url
                ],
                stderr: .pipe)
            defer { if restore.isRunning { restore.terminate() } }
            let application = try target.connect()
            defer { application.close() }
            if let named { try application.execute("SET application_name = '\(named)'") }
            #expect(try eventually(timeout: 60) { try restoreGate.isWaiting(gate) })
            try restoreGate.openWithChildLocked(gate, application: application)
            // The foreign key (post-data, pg_restore) needs a lock the application holds.
            guard try expectGivenUp(restore, naming: ["held a lock on public.child", "idle in transaction"]) else {
                return
            }
            #expect(
                try application.scalar("SELECT count(*) FROM pg_class WHERE relname = '_dbops_restore_incomplete'")
                    == "1", "the target stays marked incomplete")
            try application.execute("ROLLBACK")
            try expectHealthSeesTheMarker(target)
        }
    }

    /// MySQL/MariaDB: the secondary indexes are built after every row is in, one ALTER a
    /// table. An application that read a half-restored table in a transaction it keeps open
    /// holds that table's metadata lock, and the ALTER would wait lock_wait_timeout's default
    /// (a day on MariaDB). dbops is frozen while the server still shows it loading the large
    /// table, so the application's lock is certain to come before any index.
    @Test("MySQL: an application reading a restored table midway ends the restore after --lock-timeout")
    func mysqlApplicationLocksARestoredTableMidway() throws {
        try withBackupAndTarget(
            .mysql, prefix: "rmidm",
            setup: """
                CREATE TABLE big (id INT PRIMARY KEY, v VARCHAR(40), KEY (v));
                INSERT INTO big SELECT seq, MD5(seq) FROM seq_1_to_300000;
                CREATE TABLE small (id INT PRIMARY KEY, v INT, KEY (v));
                INSERT INTO small VALUES (1, 1), (2, 2)
                """
        ) { backup, target in
            let restore = try DBOpsProcess.start(
                ["restore", "--lock-timeout", "2s", "--jobs", "1", backup], environment: ["DBOPS_URL": try target.url],
                stderr: .pipe)
            defer { if restore.isRunning { restore.terminate() } }
            let application = try target.connect()
            defer { application.close() }
            let loadingBig = {
                try application.scalar(
                    "SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE DB = DATABASE() AND INFO LIKE 'LOAD DATA%`big`%'"
                ) == "1"
            }
            #expect(try eventually(timeout: 60, interval: 0.005, loadingBig))
            restore.send(SIGSTOP)
            defer { restore.send(SIGCONT) }
            #expect(try loadingBig(), "frozen while loading the large table")
            #expect(
                try application.scalar(
                    "SELECT COUNT(*) FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'small' AND INDEX_NAME = 'v'"
                ) == "0", "no index built yet")
            try application.execute("START TRANSACTION")
            _ = try application.query("SELECT * FROM small LIMIT 1")
            restore.send(SIGCONT)
            guard try expectGivenUp(restore, naming: ["indexes of table small"]) else { return }
            try application.execute("ROLLBACK")
            #expect(
                try application.scalar(
                    "SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = '_dbops_restore_incomplete'"
                ) == "1", "the target stays marked incomplete")
            try expectHealthSeesTheMarker(target)
        }
    }

    /// The restore (started with --lock-timeout 2s) ends by itself, exit 1, its one error
    /// naming the lock wait and `naming`; false when it still waits.
    private func expectGivenUp(_ restore: Spawned, naming: [String]) throws -> Bool {
        let ended = try eventually(timeout: 60) { !restore.isRunning }
        #expect(ended, "the restore still waits for the application's lock")
        guard ended else { return false }
        let stderr = String(decoding: restore.standardError?.readDataToEndOfFile() ?? Data(), as: UTF8.self)
        #expect(restore.terminationStatus == 1, "\(stderr)")
        #expect(
            stderr.contains("another session holds a lock the restore needs") && stderr.contains("--lock-timeout 2s")
                && naming.allSatisfy(stderr.contains), "\(stderr)")
        return true
    }

    /// On call, `dbops health` says the database is partial (CRITICAL, exit 2), and once
    /// the marker is gone (a restore with --clean that went through takes it away), it is not.
    private func expectHealthSeesTheMarker(_ target: ScratchDatabase) throws {
        let url = ["DBOPS_URL": try target.url]
        let partial = try DBOpsProcess.run(["health", "--check", "restore_incomplete"], environment: url)
        #expect(partial.exitCode == 2, "\(partial)")
        #expect(partial.stdout.contains("marked incomplete by a dbops restore"), "\(partial.stdout)")
        let dropped = try target.connect()
        defer { dropped.close() }
        try dropped.executeScript("DROP TABLE _dbops_restore_incomplete")
        let whole = try DBOpsProcess.run(["health", "--check", "restore_incomplete"], environment: url)
        #expect(whole.exitCode == 0 && whole.stdout.contains("no restore marker"), "\(whole)")
    }
}
