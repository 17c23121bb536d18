import DBCore
import Foundation
import Testing
import TestSupport

/// `dbops cleanup` as an operator reads it after a run that met a held table.
@Suite("cleanup on the command line")
struct CleanupCLITests {
    /// A migration holds the table when the run starts and lets go a second after the
    /// first batch began to wait: the batch gives up at the lock timeout, is retried, and
    /// the run ends complete — and says where its time went, which no column shows.
    @Test("A run whose batches waited for a held table says so")
    func saysItWaited() throws {
        try ScratchDatabase.with(.postgres, prefix: "clcli") { scratch in
            let app = try scratch.connect()
            defer { app.close() }
            try app.executeScript(
                """
                CREATE TABLE cache (key text PRIMARY KEY, expires_at timestamptz NOT NULL);
                INSERT INTO cache SELECT 'k' || g, now() - interval '1 day' FROM generate_series(1, 500) g
                """)
            try withTemporaryDirectory { folder in
                let config = folder + "/dbops.toml"
                try """
                [cleanup]
                builtin = false
                lock_timeout = "500ms"
                [cleanup.rules.cache]
                table = "cache"
                column = "expires_at"
                """.write(toFile: config, atomically: true, encoding: .utf8)
                try app.executeScript("BEGIN; LOCK TABLE cache IN ACCESS EXCLUSIVE MODE")
                let process = try DBOpsProcess.start(
                    ["--config", config, "cleanup"], environment: ["DBOPS_URL": try scratch.url], stdout: .pipe,
                    stderr: .pipe)
                let watcher = try scratch.connect()
                defer { watcher.close() }
                let waited = try eventually(timeout: 20, interval: 0.02) {
                    try watcher.scalar(
                        "SELECT count(*) FROM pg_locks WHERE NOT granted AND relation = 'cache'::regclass") != "0"
                }
                #expect(waited, "the cleanup waited for the held table")
                Thread.sleep(forTimeInterval: 1.0)  // past the 500 ms lock timeout
                try app.executeScript("ROLLBACK")
                let (out, err) = process.collect(input: nil)
                let stdout = String(decoding: out, as: UTF8.self)
                #expect(process.terminationStatus == 0, "\(stdout)\(String(decoding: err, as: UTF8.self))")
                #expect(
                    stdout.contains("note: cache: ") && stdout.contains("gave up at the lock timeout and were retried"),
                    "\(stdout)")
                #expect(try watcher.scalar("SELECT count(*) FROM cache") == "0")
            }
        }
    }
}
