import Backup
import DBCore
import Foundation
import Testing
import TestSupport

/// A MySQL/MariaDB TIMESTAMP is an instant, read and written as text in the session's time
/// zone: read in the source server's zone and written back in the target's, every value
/// would move by the difference (and one in a daylight-saving overlap would be ambiguous).
/// Every dbops session runs in UTC (MySQLConnection), which this holds to, with the two
/// servers' zones eight hours apart. The zones are changed with SET GLOBAL, so on the solo
/// server, alone.
@Suite("MySQL/MariaDB TIMESTAMP values keep their instant across servers' time zones")
struct TimeZoneTests {
    @Test func timestampsKeepTheirInstant() throws {
        try SoloServer.exclusively(.mysql) {
            let admin = try MySQLConnection(config: try SoloServer.config(.mysql))
            defer { admin.close() }
            defer { try? admin.executeScript("SET GLOBAL time_zone = 'SYSTEM'") }
            try ScratchDatabase.with(.mysql, prefix: "tz", solo: true) { source in
                try admin.executeScript("SET GLOBAL time_zone = '+05:00'")
                let connection = try source.connect()
                try connection.executeScript(
                    """
                    SET time_zone = '+00:00';
                    CREATE TABLE moments (id INT PRIMARY KEY, at TIMESTAMP(6) NULL,
                        made TIMESTAMP NOT NULL DEFAULT '2020-06-01 12:00:00');
                    INSERT INTO moments (id, at) VALUES (1, '2026-03-29 01:30:00.25'), (2, '1970-01-01 00:00:01'),
                        (3, '2038-01-19 03:14:07.999999'), (4, NULL);
                    """)
                let instants =
                    "SELECT GROUP_CONCAT(id, '=', COALESCE(UNIX_TIMESTAMP(at), 'null') ORDER BY id) FROM moments"
                let expected = try connection.scalar(instants)
                connection.close()
                try withTemporaryDirectory { folder in
                    _ = try BackupRunner.run(try source.config, options: BackupOptions(output: folder + "/b"))
                    try ScratchDatabase.with(.mysql, prefix: "tzr", solo: true) { target in
                        // The target server runs eight hours behind the source.
                        try admin.executeScript("SET GLOBAL time_zone = '-03:00'")
                        _ = try RestoreRunner.run(try target.config, options: RestoreOptions(input: folder + "/b"))
                        let check = try target.connect()
                        defer { check.close() }
                        try check.executeScript("SET time_zone = '+00:00'")
                        #expect(try check.scalar(instants) == expected)
                        try check.executeScript("INSERT INTO moments (id) VALUES (9)")
                        #expect(
                            try check.scalar("SELECT UNIX_TIMESTAMP(made) FROM moments WHERE id = 9")
                                == "1591012800", "the column default is the same instant (2020-06-01 12:00 UTC)")
                    }
                }
            }
        }
    }
}
