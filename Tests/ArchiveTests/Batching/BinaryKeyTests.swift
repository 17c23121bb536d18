@testable import Archive
import DBCore
import Foundation
import Testing
import TestSupport

/// Keys that are raw bytes (MySQL BINARY(16) UUIDs, a VARBINARY in a composite key). Rows
/// come back to dbops as UTF-8 text, so such a key read plainly was mangled: every batch
/// locked rows it then could not name, and cleanup and archive failed on every run.
@Suite("Jobs on tables with binary keys")
struct BinaryKeyTests {
    static let setup = """
        CREATE TABLE tokens (id BINARY(16) PRIMARY KEY, valid_until DATETIME NOT NULL);
        INSERT INTO tokens SELECT UNHEX(MD5(seq)), UTC_TIMESTAMP() - INTERVAL 1 DAY FROM seq_1_to_700;
        INSERT INTO tokens SELECT UNHEX(MD5(seq)), UTC_TIMESTAMP() + INTERVAL 1 DAY FROM seq_701_to_900;
        CREATE TABLE pairs (a VARBINARY(8), b INT, valid_until DATETIME NOT NULL, PRIMARY KEY (a, b));
        INSERT INTO pairs SELECT CONCAT(CHAR(seq % 256), CHAR(255), CHAR(0)), seq % 3, UTC_TIMESTAMP() - INTERVAL 1 DAY
        FROM seq_1_to_600;
        CREATE TABLE orders (id BINARY(16) PRIMARY KEY, closed_at DATETIME NOT NULL);
        CREATE TABLE items (id BINARY(16) PRIMARY KEY, order_id BINARY(16) NOT NULL, n INT,
                            FOREIGN KEY (order_id) REFERENCES orders (id));
        INSERT INTO orders SELECT UNHEX(MD5(seq)), UTC_TIMESTAMP() - INTERVAL 1000 DAY FROM seq_1_to_120;
        INSERT INTO items SELECT UNHEX(MD5(CONCAT('i', seq))), UNHEX(MD5(seq DIV 3 + 1)), seq FROM seq_0_to_299;
        """

    @Test("MySQL/MariaDB: cleanup and archive (to tables and to files, and back) work through binary keys")
    func binaryKeys() throws {
        try ScratchDatabase.with(.mysql, prefix: "binkey") { scratch in
            let connection = try scratch.connect()
            defer { connection.close() }
            try connection.executeScript(Self.setup)
            let original = try IndependentChecks.tableChecksums(.mysql, database: scratch.name)

            var cleanup = CleanupOptions()
            cleanup.rules = [
                CleanupRule(name: "tokens", table: "tokens", column: "valid_until", clock: .utc),
                CleanupRule(name: "pairs", table: "pairs", column: "valid_until", clock: .utc),
            ]
            cleanup.builtIn = false
            cleanup.maintenance.batchSize = 50
            cleanup.maintenance.pause = 0
            let cleaned = try CleanupRunner.run(scratch.config, label: "t", options: cleanup)
            #expect(cleaned.outcome == .complete && cleaned.rows == 1300, "\(cleaned)")
            #expect(try connection.scalar("SELECT COUNT(*) FROM tokens WHERE valid_until > UTC_TIMESTAMP()") == "200")
            #expect(try connection.scalar("SELECT COUNT(*) FROM tokens") == "200")
            #expect(try connection.scalar("SELECT COUNT(*) FROM pairs") == "0")

            var archive = ArchiveOptions()
            archive.rules = [
                ArchiveRule(name: "orders", table: "orders", timeColumn: "closed_at", olderThan: 730 * 86_400)
            ]
            archive.builtIn = false
            archive.maintenance.batchSize = 25
            archive.maintenance.pause = 0
            let moved = try ArchiveRunner.run(scratch.config, label: "t", options: archive)
            #expect(moved.outcome == .complete && moved.rows == 120 && moved.tables[0].related["items"] == 300)
            #expect(try connection.scalar("SELECT COUNT(*) FROM orders") == "0")
            // A root chosen by its key, given in hex.
            let one = try ArchiveRunner.restore(
                scratch.config, label: "t", options: archive, keys: [["C4CA4238A0B923820DCC509A6F75849B"]])
            #expect(one.outcome == .complete && one.rows == 1 && one.tables[0].related["items"] == 3, "\(one)")
            #expect(try connection.scalar("SELECT HEX(id) FROM orders") == "C4CA4238A0B923820DCC509A6F75849B")
            _ = try ArchiveRunner.restore(scratch.config, label: "t", options: archive, keys: nil)
            let now = try IndependentChecks.tableChecksums(.mysql, database: scratch.name)
            #expect(now["orders"] == original["orders"] && now["items"] == original["items"], "every row is back")

            try withTemporaryDirectory { folder in
                archive.files = folder
                let written = try ArchiveRunner.run(scratch.config, label: "t", options: archive)
                #expect(written.outcome == .complete && written.rows == 120, "\(written)")
                #expect(try connection.scalar("SELECT COUNT(*) FROM orders_archive") == "0")
                let back = try ArchiveRunner.restore(scratch.config, label: "t", options: archive, keys: nil)
                #expect(back.outcome == .complete && back.rows == 120, "\(back)")
                let after = try IndependentChecks.tableChecksums(.mysql, database: scratch.name)
                #expect(after["orders"] == original["orders"] && after["items"] == original["items"])
            }
        }
    }

    /// BIT's text is its raw bytes and FLOAT's has six digits (1.0000001 reads as 1): as
    /// keys, read plainly, they named other rows or none, and every batch failed.
    @Test("MySQL/MariaDB: cleanup and archive work through BIT and FLOAT keys")
    func bitAndFloatKeys() throws {
        try ScratchDatabase.with(.mysql, prefix: "bitkey") { scratch in
            let connection = try scratch.connect()
            defer { connection.close() }
            try connection.executeScript(
                """
                CREATE TABLE flags (id BIT(12) PRIMARY KEY, valid_until DATETIME NOT NULL);
                INSERT INTO flags SELECT seq, UTC_TIMESTAMP() - INTERVAL 1 DAY FROM seq_0_to_4095 WHERE seq % 7 <> 0;
                INSERT INTO flags SELECT seq, UTC_TIMESTAMP() + INTERVAL 1 DAY FROM seq_0_to_4095 WHERE seq % 7 = 0;
                CREATE TABLE readings (id FLOAT PRIMARY KEY, valid_until DATETIME NOT NULL);
                INSERT INTO readings SELECT 1 + seq / 8388608, UTC_TIMESTAMP() - INTERVAL 1 DAY FROM seq_1_to_500;
                CREATE TABLE batches (id FLOAT PRIMARY KEY, closed_at DATETIME NOT NULL);
                CREATE TABLE samples (id INT PRIMARY KEY, batch_id FLOAT NOT NULL,
                                      FOREIGN KEY (batch_id) REFERENCES batches (id));
                INSERT INTO batches SELECT 16777216 + seq * 2, UTC_TIMESTAMP() - INTERVAL 1000 DAY FROM seq_1_to_60;
                INSERT INTO samples SELECT seq, 16777216 + (seq DIV 2 + 1) * 2 FROM seq_0_to_119;
                """)
            let original = try IndependentChecks.tableChecksums(.mysql, database: scratch.name)
            var cleanup = CleanupOptions()
            cleanup.rules = [
                CleanupRule(name: "flags", table: "flags", column: "valid_until", clock: .utc),
                CleanupRule(name: "readings", table: "readings", column: "valid_until", clock: .utc),
            ]
            cleanup.builtIn = false
            cleanup.maintenance.batchSize = 64
            cleanup.maintenance.pause = 0
            let cleaned = try CleanupRunner.run(scratch.config, label: "t", options: cleanup)
            #expect(cleaned.outcome == .complete && cleaned.rows == 3510 + 500, "\(cleaned)")
            #expect(try connection.scalar("SELECT COUNT(*) FROM flags WHERE CAST(id AS UNSIGNED) % 7 = 0") == "586")
            #expect(try connection.scalar("SELECT COUNT(*) FROM flags") == "586")
            #expect(try connection.scalar("SELECT COUNT(*) FROM readings") == "0")

            var archive = ArchiveOptions()
            archive.rules = [
                ArchiveRule(name: "batches", table: "batches", timeColumn: "closed_at", olderThan: 730 * 86_400)
            ]
            archive.builtIn = false
            archive.maintenance.batchSize = 16
            archive.maintenance.pause = 0
            let moved = try ArchiveRunner.run(scratch.config, label: "t", options: archive)
            #expect(moved.outcome == .complete && moved.rows == 60 && moved.tables[0].related["samples"] == 120)
            // A root chosen by its key, as a DOUBLE names it.
            let one = try ArchiveRunner.restore(scratch.config, label: "t", options: archive, keys: [["16777218"]])
            #expect(one.outcome == .complete && one.rows == 1 && one.tables[0].related["samples"] == 2, "\(one)")
            _ = try ArchiveRunner.restore(scratch.config, label: "t", options: archive, keys: nil)
            let now = try IndependentChecks.tableChecksums(.mysql, database: scratch.name)
            #expect(now["batches"] == original["batches"] && now["samples"] == original["samples"], "every row is back")
        }
    }
}
