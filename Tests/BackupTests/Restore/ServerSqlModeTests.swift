import Backup
import DBCore
import Foundation
import Testing
import TestSupport

/// A server whose global sql_mode is a site's own (ANSI_QUOTES, NO_BACKSLASH_ESCAPES, the
/// NO_*_OPTIONS that strip SHOW CREATE TABLE): dbops' sessions use a mode of their own, so
/// the backup holds definitions a restore can read, with their engine, character set and
/// options, and the restored tables and rows are the source's. SET GLOBAL: the solo server,
/// alone.
@Suite("MySQL/MariaDB backup and restore whatever the server's sql_mode")
struct ServerSqlModeTests {
    /// The second restores without an error on its own: only the tables' engine, character
    /// set, defaults and comments would be lost.
    static let siteModes = [
        "ANSI_QUOTES,NO_BACKSLASH_ESCAPES,PIPES_AS_CONCAT,ONLY_FULL_GROUP_BY,NO_FIELD_OPTIONS,NO_KEY_OPTIONS,NO_TABLE_OPTIONS",
        "NO_FIELD_OPTIONS,NO_KEY_OPTIONS,NO_TABLE_OPTIONS",
    ]

    /// SHOW CREATE TABLE and CHECKSUM TABLE of every table, read in a plain session.
    static func shape(_ scratch: ScratchDatabase) throws -> [String] {
        let connection = try scratch.connect()
        defer { connection.close() }
        try connection.executeScript("SET SESSION sql_mode = ''")
        return try ["latin_notes", "counters"].flatMap { table in
            let create = try connection.query("SHOW CREATE TABLE `\(table)`", []).rows.first?[1] ?? ""
            let sum = try connection.query("CHECKSUM TABLE `\(table)`", []).rows.first?[1] ?? ""
            // The counter's next value is restored too, but the source's may be cached ahead.
            return [
                create.replacingOccurrences(of: #" AUTO_INCREMENT=\d+"#, with: "", options: .regularExpression), sum,
            ]
        }
    }

    @Test(arguments: siteModes)
    func definitionsAndRowsSurviveASiteMode(_ mode: String) throws {
        try SoloServer.exclusively(.mysql) {
            let admin = try MySQLConnection(config: try SoloServer.config(.mysql))
            defer { admin.close() }
            try admin.executeScript("SET GLOBAL sql_mode = '\(mode)'")
            defer { try? admin.executeScript("SET GLOBAL sql_mode = DEFAULT") }
            try ScratchDatabase.with(.mysql, prefix: "sqlmode", solo: true) { source in
                let app = try source.connect()
                // The application's session, under the site's mode.
                try app.executeScript(
                    """
                    SET SESSION sql_mode = DEFAULT;
                    CREATE TABLE `latin_notes` (`id` INT NOT NULL AUTO_INCREMENT PRIMARY KEY,
                        `body` VARCHAR(200) CHARACTER SET latin1 COLLATE latin1_swedish_ci NOT NULL DEFAULT 'it''s',
                        `at` DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP,
                        KEY `by_body` (`body`) COMMENT 'search') ENGINE=InnoDB DEFAULT CHARSET=latin1 ROW_FORMAT=DYNAMIC
                        COMMENT='notes';
                    INSERT INTO `latin_notes` (`body`) VALUES ('a\\path'), ('caf\u{e9}'), (CONCAT('x', 'y'));
                    CREATE TABLE `counters` (`n` BIGINT UNSIGNED NOT NULL AUTO_INCREMENT, `label` CHAR(5) NULL,
                        PRIMARY KEY (`n`)) ENGINE=Aria AUTO_INCREMENT=1000;
                    INSERT INTO `counters` (`label`) VALUES ('one'), (NULL);
                    """)
                app.close()
                let expected = try Self.shape(source)
                try withTemporaryDirectory { folder in
                    _ = try BackupRunner.run(try source.config, options: BackupOptions(output: folder + "/b"))
                    try ScratchDatabase.with(.mysql, prefix: "sqlmoder", solo: true) { target in
                        _ = try RestoreRunner.run(try target.config, options: RestoreOptions(input: folder + "/b"))
                        #expect(try Self.shape(target) == expected)
                    }
                }
            }
        }
    }
}
