import Backup
import DBCore
import Foundation
import Testing
import TestSupport

/// A schema change (ALTER TABLE) issued while a PostgreSQL backup holds its ACCESS SHARE
/// locks queues for its exclusive lock, and every later ACCESS SHARE request queues behind
/// it: a worker's COPY (and pg_dump's own lock) of that table would wait for the ALTER,
/// the ALTER for the backup's leader, the leader for the worker — a cycle through the
/// client the server's deadlock check cannot see. The backup must fail within its lock
/// timeout, in one line, leaving no folder, and the ALTER must then go through.
@Suite("A schema change queued during a backup")
struct QueuedSchemaChangeTests {
    @Test("PostgreSQL: the backup fails within its lock timeout instead of hanging; the ALTER then runs")
    func queuedAlter() throws {
        try ScratchDatabase.with(.postgres, prefix: "qalt") { scratch in
            let setup = try scratch.connect()
            defer { setup.close() }
            // One worker copies the large table first (largest first) in many chunks; the
            // small one, which the ALTER will want, comes last.
            try setup.executeScript(
                """
                CREATE TABLE large (id INT PRIMARY KEY, pad TEXT);
                INSERT INTO large SELECT g, md5(g::text) FROM generate_series(1, 1500000) g;
                CREATE TABLE small (id INT PRIMARY KEY, v TEXT);
                INSERT INTO small VALUES (1, 'one');
                ANALYZE
                """)
            try withTemporaryDirectory { folder in
                let output = folder + "/b"
                let process = try DBOpsProcess.start(
                    ["backup", "-o", output, "-j", "1", "--chunk-size", "1MB", "--lock-timeout", "2s"],
                    environment: ["DBOPS_URL": try scratch.url], stderr: .pipe)
                let clock = Date()
                // Once the backup holds its lock on `small`, the ALTER queues behind it.
                #expect(
                    try eventually(timeout: 20, interval: 0.005) {
                        try setup.scalar(
                            "SELECT count(*) FROM pg_locks WHERE relation = 'small'::regclass AND mode = 'AccessShareLock' AND granted"
                        ) != "0" || !process.isRunning
                    })
                let alter = Background {
                    let app = try scratch.connect()
                    defer { app.close() }
                    try app.execute("ALTER TABLE small ADD COLUMN z INT")
                }
                let finished = try eventually(timeout: 60, interval: 0.1) { !process.isRunning }
                if !finished { process.terminate() }
                let stderr = String(decoding: process.collect(input: nil).1, as: UTF8.self)
                #expect(finished, "the backup ended on its own (it hung before)")
                #expect(Date().timeIntervalSince(clock) < 40)
                #expect(process.terminationStatus != 0, "\(stderr)")
                #expect(stderr.contains("lock"), "\(stderr)")
                #expect(stderr.split(separator: "\n").count == 1, "one line: \(stderr)")
                #expect(!FileManager.default.fileExists(atPath: output), "no partial backup is left")
                #expect(alter.wait(timeout: 30) == nil, "the schema change went through after the backup stopped")
                #expect(
                    try setup.scalar(
                        "SELECT count(*) FROM information_schema.columns WHERE table_name = 'small' AND column_name = 'z'"
                    )
                        == "1")
            }
        }
    }

    /// A MariaDB backup (one worker) of `large` and `small`, frozen (SIGSTOP) while the
    /// server shows it copying `large` (largest first) inside its snapshot, so it has not
    /// touched `small` yet. `body` runs with it frozen and calls `resume` to let it go on
    /// and wait for it: whether it ended, its exit status and its stderr.
    private func withBackupFrozenOnLarge(
        prefix: String, flags: [String] = [],
        _ body: (
            _ scratch: ScratchDatabase, _ setup: DatabaseConnection, _ output: String,
            _ resume: () throws -> (ended: Bool, status: Int32, stderr: String)
        ) throws -> Void
    ) throws {
        try ScratchDatabase.with(.mysql, prefix: prefix) { scratch in
            let setup = try scratch.connect()
            defer { setup.close() }
            try setup.executeScript(
                """
                CREATE TABLE large (id INT PRIMARY KEY, pad VARCHAR(100));
                INSERT INTO large SELECT seq, MD5(seq) FROM seq_1_to_600000;
                CREATE TABLE small (id INT PRIMARY KEY, v VARCHAR(10));
                INSERT INTO small VALUES (1, 'one');
                ANALYZE TABLE large, small
                """)
            try withTemporaryDirectory { folder in
                let output = folder + "/b"
                let process = try DBOpsProcess.start(
                    ["backup", "-o", output, "-j", "1", "--chunk-size", "1MB"] + flags,
                    environment: ["DBOPS_URL": try scratch.url], stderr: .pipe)
                let copying = try eventually(timeout: 60, interval: 0.005) {
                    try setup.scalar(
                        "SELECT count(*) FROM information_schema.PROCESSLIST WHERE DB = DATABASE() AND INFO LIKE 'SELECT `id`, `pad` FROM `large`%'"
                    ) != "0" || !process.isRunning
                }
                process.send(SIGSTOP)
                defer { if process.isRunning { process.send(SIGCONT) } }
                #expect(copying && process.isRunning, "the backup was seen copying `large`")
                try body(scratch, setup, output) {
                    process.send(SIGCONT)
                    let ended = try eventually(timeout: 120, interval: 0.1) { !process.isRunning }
                    if !ended { process.terminate() }
                    let stderr = String(decoding: process.collect(input: nil).1, as: UTF8.self)
                    return (ended, process.terminationStatus, stderr)
                }
            }
        }
    }

    /// A MySQL snapshot covers rows, not schema changes: a table truncated (or rebuilt,
    /// renamed, dropped) after the workers' snapshots were taken and before its turn can no
    /// longer be read as of them. The backup must say so in one line and keep nothing.
    @Test("MariaDB: a table truncated mid-backup fails it in one line naming the change, leaving nothing")
    func truncatedMidBackup() throws {
        try withBackupFrozenOnLarge(prefix: "qtrunc") { _, setup, output, resume in
            // Nothing holds `small`: TRUNCATE replaces it without waiting for anything.
            try setup.execute("TRUNCATE TABLE small")
            let (finished, status, stderr) = try resume()
            #expect(finished)
            #expect(status == 1, "\(stderr)")
            #expect(stderr.contains("small was changed by a schema change"), "\(stderr)")
            #expect(stderr.split(separator: "\n").count == 1, "one line: \(stderr)")
            #expect(!FileManager.default.fileExists(atPath: output), "no partial backup is left")
        }
    }

    /// --block-ddl: the snapshot's transaction keeps every table's metadata lock, so the
    /// same TRUNCATE waits for the backup (as an ALTER waits for a PostgreSQL backup's
    /// locks), the backup finishes with the table as of its snapshot, and the TRUNCATE
    /// goes through after it.
    @Test("MariaDB --block-ddl: a table truncated mid-backup waits for it; the backup holds the rows of its snapshot")
    func truncateWaitsForABlockingBackup() throws {
        try withBackupFrozenOnLarge(prefix: "qblock", flags: ["--block-ddl"]) { scratch, setup, output, resume in
            let application = try scratch.connect()
            defer { application.close() }
            try application.execute("SET SESSION lock_wait_timeout = 300")
            let truncate = Background { try application.execute("TRUNCATE TABLE small") }
            #expect(
                try eventually(timeout: 30) {
                    try setup.scalar(
                        "SELECT count(*) FROM information_schema.PROCESSLIST WHERE DB = DATABASE() AND INFO = 'TRUNCATE TABLE small' AND STATE LIKE 'Waiting for table metadata lock%'"
                    ) == "1"
                }, "the TRUNCATE waits for the backup")
            let (finished, status, stderr) = try resume()
            #expect(finished && status == 0, "\(stderr)")
            #expect(truncate.wait(timeout: 60) == nil, "the TRUNCATE went through after the backup")
            #expect(try setup.scalar("SELECT COUNT(*) FROM small") == "0")
            try ScratchDatabase.with(.mysql, prefix: "qblockt") { target in
                _ = try RestoreRunner.run(try target.config, options: RestoreOptions(input: output))
                let check = try target.connect()
                defer { check.close() }
                #expect(try check.scalar("SELECT COUNT(*) FROM small") == "1", "the row of the snapshot")
                #expect(try check.scalar("SELECT COUNT(*) FROM large") == "600000")
            }
        }
    }
}
