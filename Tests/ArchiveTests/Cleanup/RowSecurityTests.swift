import DBCore
import Foundation
import Testing
import TestSupport

/// PostgreSQL row-level security that hides rows from the role dbops runs as (an operator's
/// maintenance role on InfiniteStories, whose policies let only the service role through):
/// cleanup, archive and analytics fail naming the table and BYPASSRLS, never a cleanup that
/// finds nothing due, an archive that moves nothing or a report of no users, each exit 0.
@Suite("Row-level security that would hide rows")
struct RowSecurityTests {
    static let config = """
        [cleanup.rules.tokens]
        table = "tokens"
        column = "expires_at"

        [archive.rules.events]
        table = "events"
        time_column = "at"
        older_than = "1d"

        [analytics.profiles.rls]
        detect = ["events"]

        [analytics.profiles.rls.dau]
        table = "events"
        user = "user_id"
        time = "at"
        """

    @Test("PostgreSQL: cleanup, archive and analytics fail rather than see no rows; with BYPASSRLS they see all")
    func hiddenRowsFail() throws {
        let admin = try TestServers.connect(.postgres)
        defer { admin.close() }
        let role = "dbops_rlsjob_\(UUID().uuidString.prefix(6).lowercased())"
        // Role statements take no placeholders; the name is generated here, not input.
        try admin.executeScript("CREATE ROLE \(role) LOGIN PASSWORD 'rls-job-pw'")
        defer { try? admin.executeScript("DROP ROLE \(role)") }
        try ScratchDatabase.with(.postgres, prefix: "rlsjob") { scratch in
            let connection = try scratch.connect()
            defer { connection.close() }
            try connection.executeScript(
                """
                CREATE TABLE tokens (id int PRIMARY KEY, expires_at timestamptz NOT NULL);
                INSERT INTO tokens SELECT g, now() - interval '1 hour' FROM generate_series(1, 100) g;
                CREATE TABLE events (id int PRIMARY KEY, user_id int NOT NULL, at timestamptz NOT NULL);
                INSERT INTO events SELECT g, g, now() - interval '3 days' FROM generate_series(1, 100) g;
                CREATE TABLE events_archive (LIKE events INCLUDING ALL);
                ALTER TABLE tokens ENABLE ROW LEVEL SECURITY;
                ALTER TABLE events ENABLE ROW LEVEL SECURITY;
                CREATE POLICY service_only ON tokens USING (current_setting('request.jwt.claim.role', true) = 'service_role');
                CREATE POLICY service_only ON events USING (current_setting('request.jwt.claim.role', true) = 'service_role');
                GRANT SELECT, INSERT, UPDATE, DELETE ON tokens, events, events_archive TO \(role);
                """)
            defer { try? connection.executeScript("DROP OWNED BY \(role)") }
            try withTemporaryDirectory { folder in
                let file = folder + "/dbops.toml"
                try Self.config.write(toFile: file, atomically: true, encoding: .utf8)
                var url = URLComponents(string: try scratch.url)!
                url.user = role
                url.password = "rls-job-pw"
                let environment = ["DBOPS_URL": url.string!]
                func run(_ arguments: [String]) throws -> DBOpsProcess.Result {
                    try DBOpsProcess.run(["--config", file] + arguments, environment: environment)
                }
                func count(_ table: String) throws -> String? { try connection.scalar("SELECT count(*) FROM \(table)") }

                for (arguments, table) in [
                    (["cleanup"], "tokens"), (["archive"], "events"),
                    (["analytics", "dau", "--since", "7d"], "events"),
                ] {
                    let refused = try run(arguments)
                    #expect(refused.exitCode != 0, "\(arguments): \(refused)")
                    #expect(
                        refused.stderr.contains("row-level security policy for table \"\(table)\"")
                            && refused.stderr.contains("BYPASSRLS"), "\(arguments): \(refused.stderr)")
                }
                #expect(try count("tokens") == "100" && count("events") == "100" && count("events_archive") == "0")

                try admin.executeScript("ALTER ROLE \(role) BYPASSRLS")
                let dau = try run(["analytics", "dau", "--since", "7d"])
                #expect(dau.exitCode == 0 && dau.stdout.contains("100 distinct active users"), "\(dau)")
                let cleanup = try run(["cleanup"])
                #expect(cleanup.exitCode == 0, "\(cleanup)")
                let archive = try run(["archive"])
                #expect(archive.exitCode == 0, "\(archive)")
                #expect(try count("tokens") == "0" && count("events") == "0" && count("events_archive") == "100")
            }
        }
    }
}
