@testable import Archive
import DBCore
import Foundation
import Testing
import TestSupport

/// Cleanup of a table without a primary key: like pt-archiver, it names rows by a unique
/// index whose columns are all NOT NULL (the one with the fewest columns), and refuses, in
/// one line and before anything moves, a table whose only unique index allows NULLs (two
/// rows could share a key of NULLs, and a batch would delete what it never read).
@Suite("Cleanup of tables without a primary key")
struct KeylessTableTests {
    /// `keyless`: 3000 rows, the odd ones expired; unique indexes on a nullable column
    /// (first by name: never a key), on two NOT NULL columns, and on one NOT NULL column
    /// (the key: fewest columns). `loose`: only the nullable unique index.
    static func fill(_ connection: DatabaseConnection) throws {
        switch connection.engine {
        case .postgres:
            try connection.executeScript(
                """
                CREATE TABLE keyless (token text NOT NULL, alt int, pair_a int NOT NULL, pair_b int NOT NULL,
                                      expires_at timestamptz NOT NULL);
                CREATE UNIQUE INDEX a_alt ON keyless (alt);
                CREATE UNIQUE INDEX b_pair ON keyless (pair_a, pair_b);
                CREATE UNIQUE INDEX c_token ON keyless (token) INCLUDE (alt);
                CREATE UNIQUE INDEX a_partial ON keyless (pair_b) WHERE pair_b < 0;
                INSERT INTO keyless SELECT 'token-' || i, CASE WHEN i % 3 = 0 THEN i END, i / 10, i % 10,
                    CASE WHEN i % 2 = 1 THEN now() - interval '1 day' ELSE now() + interval '1 day' END
                FROM generate_series(1, 3000) i;
                CREATE TABLE loose (id int UNIQUE, expires_at timestamptz NOT NULL);
                INSERT INTO loose SELECT i, now() - interval '1 day' FROM generate_series(1, 100) i
                """)
        case .mysql:
            try connection.executeScript(
                """
                CREATE TABLE keyless (token VARCHAR(64) NOT NULL, alt INT NULL, pair_a INT NOT NULL, pair_b INT NOT NULL,
                                      expires_at TIMESTAMP(6) NOT NULL,
                                      UNIQUE KEY a_alt (alt), UNIQUE KEY b_pair (pair_a, pair_b), UNIQUE KEY c_token (token));
                INSERT INTO keyless SELECT CONCAT('token-', seq), IF(seq % 3 = 0, seq, NULL), seq DIV 10, seq % 10,
                    IF(seq % 2 = 1, UTC_TIMESTAMP(6) - INTERVAL 1 DAY, UTC_TIMESTAMP(6) + INTERVAL 1 DAY)
                FROM seq_1_to_3000;
                CREATE TABLE loose (id INT NULL, expires_at TIMESTAMP(6) NOT NULL, UNIQUE KEY (id));
                INSERT INTO loose SELECT seq, UTC_TIMESTAMP(6) - INTERVAL 1 DAY FROM seq_1_to_100
                """)
        }
    }

    static func options(_ table: String) -> CleanupOptions {
        var options = CleanupOptions()
        options.rules = [CleanupRule(name: table, table: table, column: "expires_at")]
        options.builtIn = false
        options.maintenance.batchSize = 200
        options.maintenance.pause = 0
        return options
    }

    @Test(
        "Deletes exactly the expired rows by the NOT NULL unique key with the fewest columns",
        arguments: Engine.allCases)
    func byUniqueNotNullKey(_ engine: Engine) throws {
        try ScratchDatabase.with(engine, prefix: "keyless") { scratch in
            let connection = try scratch.connect()
            defer { connection.close() }
            try Self.fill(connection)
            let live = try connection.query("SELECT token FROM keyless WHERE pair_b % 2 = 0 ORDER BY 1").rows.map {
                $0[0] ?? ""
            }
            #expect(live.count == 1500)
            var dry = Self.options("keyless")
            dry.maintenance.dryRun = true
            let plan = try CleanupRunner.run(scratch.config, label: "t", options: dry)
            #expect(plan.tables.first?.description.contains("walking its key (token)") == true, "\(plan.tables)")
            let report = try CleanupRunner.run(scratch.config, label: "t", options: Self.options("keyless"))
            #expect(report.outcome == .complete, "\(report.error ?? "")")
            #expect(report.rows == 1500)
            #expect(report.tables.first.map { $0.batches >= 8 } == true, "batches of 200")
            let kept = try connection.query("SELECT token FROM keyless ORDER BY 1").rows.map { $0[0] ?? "" }
            #expect(kept == live)
        }
    }

    @Test("A table whose only unique index allows NULLs is refused before anything moves", arguments: Engine.allCases)
    func refusesANullableKey(_ engine: Engine) throws {
        try ScratchDatabase.with(engine, prefix: "loose") { scratch in
            let connection = try scratch.connect()
            defer { connection.close() }
            try Self.fill(connection)
            let report = try CleanupRunner.run(scratch.config, label: "t", options: Self.options("loose"))
            #expect(report.outcome == .failed)
            let said = ([report.error ?? ""] + report.notes + report.tables.map(\.description)).joined(separator: " | ")
            #expect(said.contains("needs a primary key, or a unique index on NOT NULL columns, on loose"), "\(said)")
            #expect(try connection.scalar("SELECT count(*) FROM loose") == "100")
        }
    }
}
