@testable import Archive
import DBCore
import Foundation
import Testing
import TestSupport

/// A server that closes sessions idle for a second (a site's wait_timeout or
/// idle_session_timeout): a cleanup paced longer than that keeps its session, and with it
/// its job lock, to the last batch, instead of failing "server has gone away" after the
/// first pause.
@Suite("A server that closes idle sessions")
struct IdleTimeoutTests {
    static func fill(_ scratch: ScratchDatabase) throws {
        let connection = try scratch.connect()
        defer { connection.close() }
        switch scratch.engine {
        case .postgres:
            try connection.executeScript(
                """
                CREATE TABLE tokens (id int PRIMARY KEY, expires_at timestamptz NOT NULL);
                INSERT INTO tokens SELECT g, now() - interval '1 day' FROM generate_series(1, 300) g
                """)
        case .mysql:
            try connection.executeScript(
                """
                CREATE TABLE tokens (id INT PRIMARY KEY, expires_at TIMESTAMP(6) NOT NULL, KEY (expires_at));
                INSERT INTO tokens SELECT seq, UTC_TIMESTAMP(6) - INTERVAL 1 DAY FROM seq_1_to_300
                """)
        }
    }

    /// Three batches, a pause of 1.5 s after each: longer than the server lets a session idle.
    static func pacedCleanup(_ scratch: ScratchDatabase) throws {
        var options = CleanupOptions()
        options.rules = [CleanupRule(name: "tokens", table: "tokens", column: "expires_at")]
        options.builtIn = false
        options.maintenance.batchSize = 100
        options.maintenance.pause = 1.5
        let report = try CleanupRunner.run(scratch.config, label: "idle", options: options)
        #expect(report.tables.first?.rows == 300, "\(report)")
        let check = try scratch.connect()
        defer { check.close() }
        #expect(try check.scalar("SELECT COUNT(*) FROM tokens") == "0")
    }

    @Test("PostgreSQL: idle_session_timeout of 1s on the database")
    func postgresIdleSessionTimeout() throws {
        // Set on the scratch database only: nothing server-wide.
        try ScratchDatabase.with(.postgres, prefix: "idle") { scratch in
            try Self.fill(scratch)
            let admin = try TestServers.connect(.postgres)
            defer { admin.close() }
            try admin.executeScript(
                "ALTER DATABASE \(admin.dialect.quote(scratch.name)) SET idle_session_timeout = '1s'")
            try Self.pacedCleanup(scratch)
        }
    }

    @Test("MariaDB: wait_timeout of 1s")
    func mariadbWaitTimeout() throws {
        // wait_timeout has no per-database form: the solo server, alone, set back after.
        try SoloServer.exclusively(.mysql) {
            try ScratchDatabase.with(.mysql, prefix: "idle", solo: true) { scratch in
                try Self.fill(scratch)
                // This session was opened before the change, so it keeps the old limit.
                let admin = try ScratchDatabase.admin(.mysql, solo: true)
                defer { admin.close() }
                try admin.executeScript("SET GLOBAL wait_timeout = 1")
                defer { try? admin.executeScript("SET GLOBAL wait_timeout = DEFAULT") }
                try Self.pacedCleanup(scratch)
            }
        }
    }
}
