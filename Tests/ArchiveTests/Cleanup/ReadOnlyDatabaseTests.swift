import DBCore
import Foundation
import Testing
import TestSupport

/// A PostgreSQL database a site made read-only by default (ALTER DATABASE ... SET
/// default_transaction_read_only = on: one being retired or migrated): a cleanup failed with
/// the server's "cannot execute SELECT FOR UPDATE in a read-only transaction", which reads
/// as a dbops bug. dbops keeps the site's setting and says where read-only comes from.
@Suite("A database read-only by default")
struct ReadOnlyDatabaseTests {
    @Test("PostgreSQL: cleanup fails naming default_transaction_read_only, its rows untouched")
    func cleanupNamesTheSetting() throws {
        try ScratchDatabase.with(.postgres, prefix: "rodb") { scratch in
            let connection = try scratch.connect()
            try connection.executeScript(
                """
                CREATE TABLE tokens (id int PRIMARY KEY, expires_at timestamptz NOT NULL);
                INSERT INTO tokens SELECT g, now() - interval '1 hour' FROM generate_series(1, 50) g
                """)
            connection.close()
            let admin = try TestServers.connect(.postgres)
            defer { admin.close() }
            try admin.execute(
                "ALTER DATABASE \(admin.dialect.quote(scratch.name)) SET default_transaction_read_only = on")
            try withTemporaryDirectory { folder in
                let file = folder + "/dbops.toml"
                try "[cleanup.rules.tokens]\ntable = \"tokens\"\ncolumn = \"expires_at\"\n".write(
                    toFile: file, atomically: true, encoding: .utf8)
                let cleanup = try DBOpsProcess.run(
                    ["--config", file, "cleanup", "--no-builtin"], environment: ["DBOPS_URL": try scratch.url])
                #expect(cleanup.exitCode == 1, "\(cleanup)")
                #expect(cleanup.stderr.contains("default_transaction_read_only is on"), "\(cleanup.stderr)")
            }
            let check = try scratch.connect()
            defer { check.close() }
            #expect(try check.scalar("SELECT count(*) FROM tokens") == "50")
        }
    }
}
