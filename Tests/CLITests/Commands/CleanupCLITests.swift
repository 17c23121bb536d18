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
        let (status, stdout, left) = try runPastHeldTable(named: "cache", inTOML: "cache")
        #expect(status == 0, "\(stdout)")
        #expect(
            stdout.contains("note: cache: ") && stdout.contains("gave up at the lock timeout and were retried"),
            "\(stdout)")
        #expect(left == "0")
    }

    /// A name holding a line break and an escape sequence: the table and the note naming
    /// it stay on their lines, and nothing reaches the terminal as a control character.
    @Test("A hostile table name in the summary and its notes is printed flat")
    func hostileNameFlat() throws {
        let (status, stdout, left) = try runPastHeldTable(named: "we\n\u{1b}[31mird", inTOML: "we\\n\\u001b[31mird")
        #expect(status == 0, "\(stdout)")
        #expect(left == "0")
        let controls = stdout.unicodeScalars.filter { $0 != "\n" && $0.properties.generalCategory == .control }
        #expect(controls.isEmpty, "\(stdout.debugDescription)")
        #expect(
            stdout.split(separator: "\n").contains {
                $0.hasPrefix("note: w: ") && $0.contains("we  [31mird gave up at the lock timeout")
            }, "\(stdout.debugDescription)")
    }

    /// Runs `dbops cleanup` on a table of expired rows that another session holds ACCESS
    /// EXCLUSIVE until a second after the run's first batch began to wait; returns the
    /// exit status, stdout and the rows left.
    private func runPastHeldTable(named table: String, inTOML tomlName: String) throws -> (Int32, String, String?) {
        try ScratchDatabase.with(.postgres, prefix: "clcli") { scratch in
            let app = try scratch.connect()
            defer { app.close() }
            let quoted = app.dialect.quote(table)
            try app.executeScript(
                """
                CREATE TABLE \(quoted) (key text PRIMARY KEY, expires_at timestamptz NOT NULL);
                INSERT INTO \(quoted) SELECT 'k' || g, now() - interval '1 day' FROM generate_series(1, 500) g
                """)
            let oid =
                try app.scalar("SELECT '\(quoted.replacingOccurrences(of: "'", with: "''"))'::regclass::oid") ?? ""
            return try withTemporaryDirectory { folder in
                let config = folder + "/dbops.toml"
                try """
                [cleanup]
                builtin = false
                lock_timeout = "500ms"
                [cleanup.rules.\(tomlName == "cache" ? "cache" : "w")]
                table = "\(tomlName)"
                column = "expires_at"
                """.write(toFile: config, atomically: true, encoding: .utf8)
                try app.executeScript("BEGIN; LOCK TABLE \(quoted) IN ACCESS EXCLUSIVE MODE")
                let process = try DBOpsProcess.start(
                    ["--config", config, "cleanup"], environment: ["DBOPS_URL": try scratch.url], stdout: .pipe,
                    stderr: .pipe)
                let watcher = try scratch.connect()
                defer { watcher.close() }
                let waited = try eventually(timeout: 20, interval: 0.02) {
                    try watcher.scalar("SELECT count(*) FROM pg_locks WHERE NOT granted AND relation = \(oid)") != "0"
                }
                #expect(waited, "the cleanup waited for the held table")
                Thread.sleep(forTimeInterval: 1.0)  // past the 500 ms lock timeout
                try app.executeScript("ROLLBACK")
                let (out, err) = process.collect(input: nil)
                let stdout = String(decoding: out, as: UTF8.self) + String(decoding: err, as: UTF8.self)
                return (process.terminationStatus, stdout, try watcher.scalar("SELECT count(*) FROM \(quoted)"))
            }
        }
    }
}
