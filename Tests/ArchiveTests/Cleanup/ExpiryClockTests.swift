@testable import Archive
import DBCore
import Foundation
import Testing
import TestSupport

/// An expiry column without a time zone (MySQL DATETIME, PostgreSQL timestamp) holds the
/// wall time the application's NOW() wrote: cleanup reads it on the server's clock, so it
/// deletes exactly the rows the application itself considers expired.
@Suite("Expiry read on the application's clock")
struct ExpiryClockTests {
    static func options(clock: ExpiryClock = .server) -> CleanupOptions {
        var options = CleanupOptions()
        options.rules = [CleanupRule(name: "sessions", table: "sessions", column: "expires_at", clock: clock)]
        options.builtIn = false
        options.maintenance.pause = 0
        return options
    }

    @Test("MariaDB at -05:00: DATETIME sessions expire when the application's NOW() says so")
    func mariadbServerZone() throws {
        // time_zone is a global setting: on the solo server only.
        try SoloServer.exclusively(.mysql) {
            let admin = try ScratchDatabase.admin(.mysql, solo: true)
            defer { admin.close() }
            try admin.executeScript("SET GLOBAL time_zone = '-05:00'")
            defer { try? admin.executeScript("SET GLOBAL time_zone = 'SYSTEM'") }
            try ScratchDatabase.with(.mysql, prefix: "clock", solo: true) { scratch in
                let app = try scratch.connect()
                defer { app.close() }
                // The application's own session: the server's zone, as any client gets it.
                try app.executeScript(
                    """
                    SET time_zone = DEFAULT;
                    CREATE TABLE sessions (id INT PRIMARY KEY, expires_at DATETIME NOT NULL);
                    INSERT INTO sessions SELECT seq, NOW() - INTERVAL 400 MINUTE + INTERVAL seq MINUTE - INTERVAL 30 SECOND FROM seq_1_to_600;
                    """)
                let expiredForApp = try app.scalar("SELECT COUNT(*) FROM sessions WHERE expires_at < NOW()")
                #expect(expiredForApp == "400", "\(expiredForApp ?? "")")

                var dry = Self.options()
                dry.maintenance.dryRun = true
                let plan = try CleanupRunner.run(scratch.config, label: "t", options: dry)
                #expect(
                    String(plan.tables.first?.rows ?? -1) == expiredForApp,
                    "the dry run counts what the application calls expired")
                #expect(
                    plan.tables.first?.description.contains("server's clock") == true,
                    "\(plan.tables.first?.description ?? "")")
                #expect(plan.tables.first?.description.contains("UTC-05:00") == true)

                let utc = Self.options(clock: .utc)
                var utcDry = utc
                utcDry.maintenance.dryRun = true
                #expect(
                    try CleanupRunner.run(scratch.config, label: "t", options: utcDry).tables.first?.rows == 600,
                    "clock = utc reads the wall times as UTC, five hours ahead of the application: every session would go"
                )

                let report = try CleanupRunner.run(scratch.config, label: "t", options: Self.options())
                #expect(report.outcome == .complete)
                #expect(try app.scalar("SELECT COUNT(*) FROM sessions WHERE expires_at < NOW()") == "0")
                #expect(
                    try app.scalar("SELECT MIN(expires_at) >= NOW() - INTERVAL 1 MINUTE FROM sessions") == "1",
                    "no live session was deleted")
            }
        }
    }

    @Test("PostgreSQL, database TimeZone America/New_York: timestamp expiries read on that clock")
    func postgresDatabaseZone() throws {
        try ScratchDatabase.with(.postgres, prefix: "clock") { scratch in
            let admin = try TestServers.connect(.postgres)
            try admin.executeScript("ALTER DATABASE \(scratch.name) SET TimeZone = 'America/New_York'")
            admin.close()
            let app = try scratch.connect()
            defer { app.close() }
            try app.executeScript(
                """
                RESET TimeZone;
                CREATE TABLE sessions (id int PRIMARY KEY, expires_at timestamp NOT NULL);
                INSERT INTO sessions SELECT g, now()::timestamp - interval '400 minutes' + g * interval '1 minute' - interval '30 seconds' FROM generate_series(1, 600) g;
                """)
            let expiredForApp = try app.scalar("SELECT count(*) FROM sessions WHERE expires_at < now()::timestamp")
            var dry = Self.options()
            dry.maintenance.dryRun = true
            let plan = try CleanupRunner.run(scratch.config, label: "t", options: dry)
            #expect(String(plan.tables.first?.rows ?? -1) == expiredForApp)
            #expect(
                plan.tables.first?.description.contains("America/New_York") == true,
                "\(plan.tables.first?.description ?? "")")
        }
    }
}
