@testable import Archive
import DBCore
import Foundation
import Testing
import TestSupport

/// Expired rows another table still references. A foreign key that forbids the delete (NO
/// ACTION, RESTRICT) used to fail the batch holding such a row, and with it the rule, on
/// every run: nothing after that row was ever deleted. Now the row is kept, named in a note
/// and counted, and every other expired row goes; a key that cascades still takes its rows.
@Suite("Cleanup around rows still referenced")
struct ReferencedRowTests {
    @Test(
        "Keeps the expired rows a restricting key references, deletes the rest, cascades the rest",
        arguments: Engine.allCases)
    func keepsReferencedRows(_ engine: Engine) throws {
        try ScratchDatabase.with(engine, prefix: "cleanref") { scratch in
            let connection = try scratch.connect()
            defer { connection.close() }
            // 600 sessions, the odd ones expired; holds (RESTRICT) point at two expired
            // ones and a live one; notes (CASCADE) at expired ones; a session may
            // reference another (self-reference, NO ACTION); a pin (NO ACTION) holds note 10,
            // so its session, 121, cannot go either: its cascade would fail on the pin.
            if engine == .postgres {
                try connection.executeScript(
                    """
                    CREATE TABLE "se,ssion" (id int PRIMARY KEY, parent int REFERENCES "se,ssion" (id), expires_at timestamptz NOT NULL);
                    CREATE INDEX ON "se,ssion" (expires_at);
                    INSERT INTO "se,ssion" SELECT i, CASE WHEN i = 101 THEN 99 END,
                        CASE WHEN i % 2 = 1 THEN now() - i * interval '1 minute' ELSE now() + interval '1 day' END
                    FROM generate_series(1, 600) i;
                    CREATE TABLE holds (id int PRIMARY KEY, "session id" int NOT NULL REFERENCES "se,ssion" (id) ON DELETE RESTRICT);
                    INSERT INTO holds VALUES (1, 7), (2, 301), (3, 8);
                    CREATE TABLE notes (id int PRIMARY KEY, session_id int NOT NULL REFERENCES "se,ssion" (id) ON DELETE CASCADE);
                    INSERT INTO notes SELECT i, i * 2 + 101 FROM generate_series(1, 50) i;
                    CREATE TABLE pins (id int PRIMARY KEY, note_id int NOT NULL REFERENCES notes (id));
                    INSERT INTO pins VALUES (1, 10);
                    """)
            } else {
                try connection.executeScript(
                    """
                    CREATE TABLE `se,ssion` (id INT PRIMARY KEY, parent INT, expires_at DATETIME(6) NOT NULL, KEY (expires_at),
                        FOREIGN KEY (parent) REFERENCES `se,ssion` (id));
                    INSERT INTO `se,ssion` SELECT seq, NULL,
                        IF(seq % 2 = 1, UTC_TIMESTAMP(6) - INTERVAL seq MINUTE, UTC_TIMESTAMP(6) + INTERVAL 1 DAY)
                    FROM seq_1_to_600;
                    UPDATE `se,ssion` SET parent = 99 WHERE id = 101;
                    CREATE TABLE holds (id INT PRIMARY KEY, `session id` INT NOT NULL,
                        FOREIGN KEY (`session id`) REFERENCES `se,ssion` (id) ON DELETE RESTRICT);
                    INSERT INTO holds VALUES (1, 7), (2, 301), (3, 8);
                    CREATE TABLE notes (id INT PRIMARY KEY, session_id INT NOT NULL,
                        FOREIGN KEY (session_id) REFERENCES `se,ssion` (id) ON DELETE CASCADE);
                    INSERT INTO notes SELECT seq, seq * 2 + 101 FROM seq_1_to_50;
                    CREATE TABLE pins (id INT PRIMARY KEY, note_id INT NOT NULL, FOREIGN KEY (note_id) REFERENCES notes (id));
                    INSERT INTO pins VALUES (1, 10);
                    """)
            }
            var options = CleanupOptions()
            options.rules = [CleanupRule(name: "sessions", table: "se,ssion", column: "expires_at")]
            options.builtIn = false
            options.maintenance.batchSize = 40
            options.maintenance.pause = 0

            var dry = options
            dry.maintenance.dryRun = true
            let preview = try CleanupRunner.run(scratch.config, label: "t", options: dry)
            // 300 expired: 7 and 301 held (RESTRICT), 121 pinned through its note, 99
            // referenced by 101 (itself expired).
            #expect(preview.tables.first?.rows == 296 && preview.tables.first?.keptReferenced == 4)

            let report = try CleanupRunner.run(scratch.config, label: "t", options: options)
            #expect(report.outcome == .complete, "\(report.error ?? "")")
            let count = { (sql: String) in try connection.scalar(sql) }
            let table = connection.dialect.quote("se,ssion")
            let remainingExpired = try connection.query(
                "SELECT id FROM \(table) WHERE expires_at < \(engine == .postgres ? "now()" : "UTC_TIMESTAMP(6)") ORDER BY id"
            ).rows.compactMap { $0[0] }
            // 101 went first (nothing references it), so 99 went in a later batch: only the
            // rows the holds reference are left.
            #expect(remainingExpired == ["7", "121", "301"])
            #expect(report.tables.first?.rows == 297 && report.tables.first?.keptReferenced == 3)
            #expect(
                report.notes.contains {
                    $0.contains("3 expired") && $0.contains("holds") && $0.contains("pins, through")
                }, "\(report.notes)")
            #expect(try count("SELECT count(*) FROM \(table)") == "303", "the 300 live rows and the 3 held ones")
            #expect(
                try count("SELECT count(*) FROM notes") == "1",
                "the cascading key took its rows along, but the pinned one")
            #expect(try count("SELECT count(*) FROM holds") == "3")
        }
    }
}
