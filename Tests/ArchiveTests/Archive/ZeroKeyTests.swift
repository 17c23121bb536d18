@testable import Archive
import DBCore
import Foundation
import Testing
import TestSupport

/// A MySQL/MariaDB AUTO_INCREMENT column may hold 0 (rows written under
/// NO_AUTO_VALUE_ON_ZERO, as mysqldump restores them). Copied into the archive table
/// under another mode, the 0 would be taken as "the next value" and the row archived
/// under a key it never had; dbops' sessions keep it, as mysqldump's do.
@Suite("A zero AUTO_INCREMENT key is archived as it is")
struct ZeroKeyTests {
    @Test func zeroKeyKept() throws {
        try ScratchDatabase.with(.mysql, prefix: "zerokey") { scratch in
            let connection = try scratch.connect()
            defer { connection.close() }
            try connection.executeScript(
                """
                SET SESSION sql_mode = 'NO_AUTO_VALUE_ON_ZERO';
                CREATE TABLE events (id INT AUTO_INCREMENT PRIMARY KEY, at DATETIME NOT NULL, label VARCHAR(20));
                INSERT INTO events VALUES (0, '2020-01-01', 'zero'), (5, '2020-01-02', 'five'), (9, NOW(), 'young');
                """)
            var options = ArchiveOptions()
            options.rules = [ArchiveRule(name: "events", table: "events", timeColumn: "at", olderThan: 86_400)]
            options.builtIn = false
            options.maintenance.pause = 0
            _ = try ArchiveRunner.run(try scratch.config, label: "zero", options: options)
            let archived = try connection.query("SELECT id, label FROM events_archive ORDER BY label").rows
                .map { "\($0["id"] ?? "")=\($0["label"] ?? "")" }
            #expect(archived == ["5=five", "0=zero"])
            #expect(try connection.scalar("SELECT GROUP_CONCAT(id) FROM events") == "9")
        }
    }
}
