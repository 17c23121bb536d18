@testable import Backup
import DBCore
import Foundation
import Testing
import TestSupport

/// Values that break naive dumpers, on both engines.
@Suite("Backup of hostile data")
struct HostileDataTests {
    static let postgresSetup = """
        CREATE TYPE mood AS ENUM ('happy', 'sad', '😀 emoji label');
        CREATE TABLE "Mixed Case" (
            id int PRIMARY KEY,
            "select" text, "from" text,
            nothing text, empty text,
            bytes bytea,
            utf text,
            doc jsonb, raw_json json,
            numbers int[], words text[],
            u uuid, feeling mood,
            exact numeric(40, 20), anything numeric,
            at timestamptz, local timestamp, day date, span interval,
            f8 double precision, f4 real, flag boolean,
            big text,
            utf_length int GENERATED ALWAYS AS (length(utf)) STORED
        );
        CREATE TABLE no_primary_key (a text, b int);
        CREATE TABLE "order" ("key" serial PRIMARY KEY, "desc" text, "group" int);
        INSERT INTO "Mixed Case" (id, "select", "from", nothing, empty, bytes, utf, doc, raw_json, numbers, words, u, feeling,
                                  exact, anything, at, local, day, span, f8, f4, flag, big) VALUES
        (1, 'select', 'from', NULL, '', (SELECT decode(string_agg(lpad(to_hex(g), 2, '0'), ''), 'hex') FROM generate_series(0, 255) g),
         E'🐉 𝒜𝓁𝒾𝒸ℯ 日本語 tab\\there newline\\nthere back\\\\slash "quote" \\\\N', '{"nested": {"k": [1, "two", null, true]}, "é": "\\u00e9\\n"}',
         '{"a": 1,   "a": 2, "spacing":   "kept"}', ARRAY[1, NULL, -3], ARRAY['a,b', NULL, 'quote"', 'back\\slash', '', 'NULL'],
         'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', '😀 emoji label',
         '12345678901234567890.12345678901234567890', '0.000000000000000000000000000001', '2025-03-30 00:59:59.999999+00',
         '2025-10-26 02:30:00', '2024-02-29', '1 year 2 mons 3 days 04:05:06.789', 1.7976931348623157e308, 3.4028235e38, true,
         repeat('16 MB value ', 1398102) || '🐉'),
        (2, NULL, NULL, NULL, NULL, '', '', 'null', 'null', '{}', '{}', NULL, 'sad', 'NaN', '-0.5', '0001-01-01 00:00:00+00', '-infinity',
         '4713-01-01 BC', '-1 days', 'NaN', '-Infinity', false, ''),
        (3, 'x', 'y', 'z', ' ', '\\x00', E'\\r\\n', '[]', '[]', NULL, NULL, NULL, NULL, '-99999999999999999999.99999999999999999999', 'Infinity',
         '9999-12-31 23:59:59.999999+00', 'infinity', '5874897-12-31', '178000000 years', 5e-324, 1e-45, NULL, NULL),
        (4, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, '2025-03-30 01:00:00+00', NULL, NULL, NULL, -0.0, 0.1, NULL, NULL);
        INSERT INTO no_primary_key VALUES ('dup', 1), ('dup', 1), (NULL, NULL), ('', 0);
        INSERT INTO "order" ("desc", "group") SELECT 'row ' || g, g % 3 FROM generate_series(1, 50) g;
        DELETE FROM "order" WHERE "key" > 40;
        SELECT setval('"order_key_seq"', 1000);
        CREATE VIEW "Odd View" AS SELECT id, "select" FROM "Mixed Case" WHERE flag;
        COMMENT ON TABLE "Mixed Case" IS 'comment with ''quotes'' and 🐉';
        """

    // MariaDB keeps ENUM labels and comments in 3-byte utf8 metadata: a 4-byte character
    // there reads back as "?" from SHOW CREATE TABLE (and mariadb-dump) and cannot be
    // restored by any logical dump; 4-byte characters in the data are fine.
    static let mysqlSetup = """
        SET SESSION sql_mode = 'NO_ENGINE_SUBSTITUTION';
        CREATE TABLE `Mixed Case` (
            id INT PRIMARY KEY,
            `select` TEXT, `from` TEXT,
            nothing TEXT, empty TEXT,
            bytes BLOB,
            utf TEXT CHARACTER SET utf8mb4,
            doc JSON,
            u CHAR(36), feeling ENUM('happy', 'sad', '☺ smile label'),
            exact DECIMAL(65, 30),
            at TIMESTAMP(6) NULL, local DATETIME(6), day DATE,
            f8 DOUBLE, f4 FLOAT, flag TINYINT(1), bits BIT(10),
            big LONGTEXT,
            latin VARCHAR(20) CHARACTER SET latin1,
            utf_length INT AS (CHAR_LENGTH(utf)) STORED,
            doubled INT AS (id * 2) VIRTUAL
        ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COMMENT='comment with ''quotes'' and é';
        CREATE TABLE no_primary_key (a TEXT, b INT);
        CREATE TABLE `order` (`key` INT AUTO_INCREMENT PRIMARY KEY, `desc` TEXT, `group` INT, KEY `group` (`group`)) AUTO_INCREMENT = 1000;
        CREATE TABLE zero_id (id INT AUTO_INCREMENT PRIMARY KEY, v TEXT);
        INSERT INTO `Mixed Case` (id, `select`, `from`, nothing, empty, bytes, utf, doc, u, feeling, exact, at, local, day, f8, f4, flag, bits, big, latin) VALUES
        (1, 'select', 'from', NULL, '', UNHEX('000102030405060708090A0B0C0D0E0F101112131415161718191A1B1C1D1E1F202122232425262728292A2B2C2D2E2F303132333435363738393A3B3C3D3E3F404142434445464748494A4B4C4D4E4F505152535455565758595A5B5C5D5E5F606162636465666768696A6B6C6D6E6F707172737475767778797A7B7C7D7E7F808182838485868788898A8B8C8D8E8F909192939495969798999A9B9C9D9E9FA0A1A2A3A4A5A6A7A8A9AAABACADAEAFB0B1B2B3B4B5B6B7B8B9BABBBCBDBEBFC0C1C2C3C4C5C6C7C8C9CACBCCCDCECFD0D1D2D3D4D5D6D7D8D9DADBDCDDDEDFE0E1E2E3E4E5E6E7E8E9EAEBECEDEEEFF0F1F2F3F4F5F6F7F8F9FAFBFCFDFEFF'),
         '🐉 𝒜𝓁𝒾𝒸ℯ 日本語 tab\\there newline\\nthere back\\\\slash "quote" \\\\N', '{"nested": {"k": [1, "two", null, true]}, "é": "\\\\u00e9"}',
         'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', '☺ smile label', '12345678901234567890123456789012345.123456789012345678901234567890',
         '2025-03-30 00:59:59.999999', '9999-12-31 23:59:59.999999', '0000-00-00', 1.7976931348623157e308, 3.40282e38, 1, b'1010101010',
         CONCAT(REPEAT('16 MB value ', 1398102), '🐉'), 'café'),
        (2, NULL, NULL, NULL, NULL, '', '', 'null', NULL, 'sad', -0.5, '1970-01-01 00:00:01', '1000-01-01 00:00:00', '1000-01-01', -0.0, 0.1, 0, b'0', '', ''),
        (3, 'x', 'y', 'z', ' ', UNHEX('00'), '\\r\\n', '[]', NULL, NULL, NULL, '2038-01-19 03:14:07', NULL, '9999-12-31', 5e-324, 1e-38, NULL, NULL, NULL, NULL);
        INSERT INTO no_primary_key VALUES ('dup', 1), ('dup', 1), (NULL, NULL), ('', 0);
        INSERT INTO `order` (`desc`, `group`) SELECT CONCAT('row ', seq), seq % 3 FROM seq_1_to_50;
        SET SESSION sql_mode = 'NO_AUTO_VALUE_ON_ZERO';
        INSERT INTO zero_id VALUES (0, 'zero id stays zero'), (5, 'five');
        CREATE VIEW `Odd View` AS SELECT id, `select` FROM `Mixed Case` WHERE flag = 1;
        CREATE VIEW view_on_view AS SELECT id FROM `Odd View`;
        CREATE TRIGGER order_touch BEFORE UPDATE ON `order` FOR EACH ROW SET NEW.`group` = NEW.`group` + 0;
        CREATE PROCEDURE count_orders(OUT n INT) BEGIN SELECT COUNT(*) INTO n FROM `order`; END;
        CREATE FUNCTION twice(x INT) RETURNS INT DETERMINISTIC RETURN x * 2;
        """

    @Test("Grants on the schema are restored onto the target schema")
    func mysqlGrants() throws {
        let admin = try TestServers.connect(.mysql)
        defer { admin.close() }
        let user = "dbops_grantee_\(UUID().uuidString.prefix(6).lowercased())"
        try admin.executeScript("CREATE USER '\(user)'@'localhost' IDENTIFIED BY 'x-pw'")
        defer { try? admin.executeScript("DROP USER '\(user)'@'localhost'") }
        try ScratchDatabase.with(.mysql, prefix: "grant") { source in
            let connection = try source.connect()
            try connection.executeScript(
                "CREATE TABLE t (id INT PRIMARY KEY); GRANT SELECT, INSERT ON `\(source.name)`.* TO '\(user)'@'localhost'; GRANT UPDATE ON `\(source.name)`.t TO '\(user)'@'localhost'"
            )
            connection.close()
            try withTemporaryDirectory { folder in
                _ = try BackupRunner.run(try source.config, options: BackupOptions(output: folder + "/b"))
                try ScratchDatabase.with(.mysql, prefix: "grantr") { target in
                    _ = try RestoreRunner.run(try target.config, options: RestoreOptions(input: folder + "/b"))
                    let grants = try admin.query("SHOW GRANTS FOR '\(user)'@'localhost'").rows.compactMap { $0[0] }
                    #expect(grants.contains { $0.contains("GRANT SELECT, INSERT ON `\(target.name)`.*") }, "\(grants)")
                    #expect(grants.contains { $0.contains("GRANT UPDATE ON `\(target.name)`.`t`") }, "\(grants)")
                }
            }
        }
    }

    /// MariaDB lists sequences and system-versioned tables apart from base tables
    /// (TABLE_TYPE 'SEQUENCE', 'SYSTEM VERSIONED'): both were left out of the backup, exit 0,
    /// and a restored table whose DEFAULT took NEXTVAL from a sequence could take no row.
    /// A versioned table's history travels too (FOR SYSTEM_TIME ALL, put back with
    /// system_versioning_insert_history), its own period columns or the implicit ones, and
    /// a --table reload replaces the history instead of adding to it; a table versioned by
    /// transaction id cannot take its history back, and the manifest says so.
    /// aclitem has no binary send/receive, but aclitem[] (array_send), a composite holding
    /// one (record_send) and a domain over either have their own: the backup failed with
    /// "no binary output function available for type aclitem".
    @Test("PostgreSQL: a column whose type holds a type without binary I/O travels as text, the rest in binary")
    func typesWithoutBinaryIO() throws {
        let setup = """
            CREATE TYPE grant_pair AS (who text, what aclitem);
            CREATE DOMAIN acl_list AS aclitem[];
            CREATE TABLE grants (id int PRIMARY KEY, acl aclitem[], pair grant_pair, pairs grant_pair[], list acl_list);
            INSERT INTO grants VALUES
                (1, '{postgres=arwdDxt/postgres,=r/postgres}', ROW('a', 'postgres=r/postgres'),
                 ARRAY[ROW('b', '=w/postgres')::grant_pair, ROW(NULL, NULL)::grant_pair], '{postgres=U/postgres}'),
                (2, NULL, NULL, NULL, NULL);
            CREATE TABLE plain (id int PRIMARY KEY, at timestamptz, tags text[]);
            INSERT INTO plain VALUES (1, '2025-01-01 00:00:00+00', '{a,b}');
            """
        try withBackupAndTarget(.postgres, prefix: "aclio", setup: setup) { backup, target in
            let manifest = try BackupVerifier.loadManifest(backup)
            let formats = Dictionary(uniqueKeysWithValues: manifest.tables.map { ($0.name, $0.format) })
            #expect(formats["grants"] == .text && formats["plain"] == .binary, "\(formats)")
            _ = try RestoreRunner.run(try target.config, options: RestoreOptions(input: backup))
            let checksums = try IndependentChecks.tableChecksums(.postgres, database: manifest.database)
            #expect(checksums.count == 2)
            #expect(try IndependentChecks.tableChecksums(.postgres, database: target.name) == checksums)
        }
    }

    /// A SQL_ASCII database holds bytes in no declared encoding; a UTF8 client has the
    /// server check every value as UTF-8, and the backup failed on the first legacy byte.
    @Test("PostgreSQL: a SQL_ASCII database's bytes are backed up, restored and drilled as they are")
    func sqlAsciiDatabase() throws {
        let sqlASCII = "TEMPLATE template0 ENCODING 'SQL_ASCII' LC_COLLATE 'C' LC_CTYPE 'C'"
        try ScratchDatabase.with(.postgres, prefix: "ascii", options: sqlASCII) { source in
            let connection = try source.connect()
            try connection.executeScript(
                """
                CREATE TABLE legacy (id int PRIMARY KEY, v text, c varchar(10));
                INSERT INTO legacy VALUES (1, E'caf\\xe9 \\xff\\xfe', E'\\x80'), (2, 'plain', NULL), (3, E'\\xc3\\xa9 utf-8', '');
                """)
            let bytes =
                "SELECT string_agg(id || ':' || encode(convert_to(v, 'SQL_ASCII'), 'hex') || ':' || coalesce(encode(convert_to(c, 'SQL_ASCII'), 'hex'), '-'), ',' ORDER BY id) FROM legacy"
            let original = try #require(try connection.scalar(bytes))
            #expect(original.hasPrefix("1:636166e920fffe:80,"))
            connection.close()
            try withTemporaryDirectory { folder in
                _ = try BackupRunner.run(try source.config, options: BackupOptions(output: folder + "/b"))
                #expect(try BackupVerifier.loadManifest(folder + "/b").encoding == "SQL_ASCII")
                try ScratchDatabase.with(.postgres, prefix: "asciit", options: sqlASCII) { target in
                    _ = try RestoreRunner.run(try target.config, options: RestoreOptions(input: folder + "/b"))
                    let check = try target.connect()
                    defer { check.close() }
                    #expect(try check.scalar(bytes) == original)
                }
                // A UTF8 database cannot hold them: refused, naming the table.
                try ScratchDatabase.with(.postgres, prefix: "asciiu") { target in
                    #expect {
                        _ = try RestoreRunner.run(try target.config, options: RestoreOptions(input: folder + "/b"))
                    } throws: { "\($0)".contains("legacy") && "\($0)".contains("UTF8") }
                }
                let drill = try RestoreDrill.run(folder + "/b", scratch: try TestServers.config(.postgres), jobs: 2)
                #expect(drill.ok, "\(drill.tables.filter { !$0.ok })")
            }
        }
    }

    /// Rows load in CHARACTER SET binary, and these types read a binary string as their
    /// stored bytes: '::1' was refused by LOAD DATA and became NULL through INSERTs.
    @Test("MariaDB: INET4, INET6 and UUID values restore through LOAD DATA and through INSERTs")
    func mariadbTextReadTypes() throws {
        let setup = """
            CREATE TABLE hosts (id INT PRIMARY KEY, v4 INET4, v6 INET6, u UUID);
            INSERT INTO hosts VALUES (1, '10.0.0.1', '::1', '00000000-0000-0000-0000-000000000001'),
                (2, '255.255.255.255', 'ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff', 'ffffffff-ffff-ffff-ffff-ffffffffffff'),
                (3, '0.0.0.0', '::ffff:192.0.2.1', '123e4567-e89b-12d3-a456-426655440000'), (4, NULL, NULL, NULL);
            """
        let values = """
            SELECT GROUP_CONCAT(id, '|', IFNULL(CAST(v4 AS CHAR), '-'), '|', IFNULL(CAST(v6 AS CHAR), '-'), '|',
                                IFNULL(CAST(u AS CHAR), '-') ORDER BY id) FROM hosts
            """
        let expected = [
            "1|10.0.0.1|::1|00000000-0000-0000-0000-000000000001",
            "2|255.255.255.255|ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff|ffffffff-ffff-ffff-ffff-ffffffffffff",
            "3|0.0.0.0|::ffff:192.0.2.1|123e4567-e89b-12d3-a456-426655440000", "4|-|-|-",
        ].joined(separator: ",")
        try withBackupAndTarget(.mysql, prefix: "inet", setup: setup) { backup, target in
            let source = try BackupVerifier.loadManifest(backup).database
            let checksums = try IndependentChecks.tableChecksums(.mysql, database: source)
            try Self.restoresExactly(backup, into: target, checksums: checksums, query: values, expected: expected)
        }
    }

    /// MariaDB prints an ENUM/SET label outside the Basic Multilingual Plane as '?' in SHOW
    /// CREATE TABLE while the column holds the real one: a table created from that text had
    /// a '?' label and its rows would not load.
    @Test("MariaDB: ENUM and SET labels outside the Basic Multilingual Plane restore as they are")
    func astralEnumLabels() throws {
        let setup = """
            CREATE TABLE moods (id INT PRIMARY KEY, m ENUM('😀', 'a', 'it''s', 'b\\\\c', 'x🎉y?'),
                                s SET('🙂', 'b', '?')) CHARACTER SET utf8mb4;
            INSERT INTO moods VALUES (1, '😀', '🙂,b'), (2, 'a', '?'), (3, 'it''s', ''), (4, 'b\\\\c', NULL),
                (5, 'x🎉y?', '🙂'), (6, NULL, 'b,?');
            """
        let values =
            "SELECT GROUP_CONCAT(id, '|', IFNULL(HEX(m), '-'), '|', IFNULL(HEX(s), '-') ORDER BY id) FROM moods"
        try withBackupAndTarget(.mysql, prefix: "astral", setup: setup) { backup, target in
            let source = try BackupVerifier.loadManifest(backup).database
            let checksums = try IndependentChecks.tableChecksums(.mysql, database: source)
            let sourceConnection = try TestServers.connect(.mysql)
            let expected = try sourceConnection.scalar(
                values.replacingOccurrences(of: "FROM moods", with: "FROM `\(source)`.moods"))
            sourceConnection.close()
            #expect(expected?.hasPrefix("1|F09F9880|F09F99822C62,") == true, "\(String(describing: expected))")
            try Self.restoresExactly(backup, into: target, checksums: checksums, query: values, expected: expected)
            // The restored column itself has the labels, not only the rows.
            let check = try target.connect()
            defer { check.close() }
            try check.execute("INSERT INTO moods (id, m, s) VALUES (7, 'x🎉y?', '🙂')")
            #expect(try check.scalar("SELECT CONCAT(m + 0, ':', s + 0) FROM moods WHERE id = 7") == "5:1")
        }
    }

    /// Restores `backup` over `target` through LOAD DATA and then through INSERTs; each
    /// time `query` gives `expected` and every table's checksum is the source's.
    static func restoresExactly(
        _ backup: String, into target: ScratchDatabase, checksums: [String: String], query: String,
        expected: String?
    ) throws {
        for localInfile in [true, false] {
            var options = RestoreOptions(input: backup, clean: true)
            options.localInfile = localInfile
            _ = try RestoreRunner.run(try target.config, options: options)
            let check = try target.connect()
            defer { check.close() }
            #expect(try check.scalar(query) == expected, "LOAD DATA: \(localInfile)")
            #expect(try IndependentChecks.tableChecksums(.mysql, database: target.name) == checksums)
        }
    }

    /// What a server outside strict mode stored, and FLOATs at full precision: an ENUM's
    /// error value ('' at index 0) only goes back in with a warning, and a FLOAT read as
    /// text has six digits (16777216 came back as 16777200).
    @Test("MySQL/MariaDB: ENUM error values and FLOATs come back exactly, through LOAD DATA and through INSERTs")
    func legacyValuesAndFloats() throws {
        let setup = """
            SET SESSION sql_mode = '';
            CREATE TABLE legacy (id INT PRIMARY KEY, k ENUM('a', 'b'), q ENUM('', 'x'), f FLOAT, g FLOAT(7, 4), d DOUBLE);
            INSERT INTO legacy VALUES (1, 'zzz', '', 16777217, 1.23456, 0.1e0 + 0.2e0), (2, 'b', 'x', 1.0000001, 340.28, 5e-324),
                (3, NULL, NULL, 0.333333343267, NULL, NULL), (4, 'nope', 'bad', 1.17549435e-38, 2.00005, -1.5);
            """
        try withBackupAndTarget(.mysql, prefix: "legacy", setup: setup) { backup, target in
            let source = try BackupVerifier.loadManifest(backup).database
            let checksums = try IndependentChecks.tableChecksums(.mysql, database: source)
            let exact =
                "SELECT GROUP_CONCAT(id, ':', IFNULL(k + 0, '-'), ':', IFNULL(q + 0, '-'), ':', IFNULL(CAST(f AS DOUBLE), '-') ORDER BY id) FROM legacy"
            let sourceConnection = try TestServers.connect(.mysql)
            let expected = try sourceConnection.scalar(
                exact.replacingOccurrences(of: "FROM legacy", with: "FROM `\(source)`.legacy"))
            sourceConnection.close()
            #expect(expected?.hasPrefix("1:0:1:16777216,2:2:2:") == true, "\(String(describing: expected))")
            try Self.restoresExactly(backup, into: target, checksums: checksums, query: exact, expected: expected)
            // An ENUM label the target lacks is no error value: still refused.
            let check = try target.connect()
            defer { check.close() }
            try check.executeScript(
                "DROP TABLE legacy; CREATE TABLE legacy (id INT PRIMARY KEY, k ENUM('a'), q ENUM('', 'x'), f FLOAT, g FLOAT(7, 4), d DOUBLE)"
            )
            #expect(throws: DBError.self) {
                _ = try RestoreRunner.run(try target.config, options: RestoreOptions(input: backup, tables: ["legacy"]))
            }
        }
    }

    /// Outside strict mode the server stores a value a column cannot hold as a cut or NULL
    /// one, with a warning; a data-only restore into a narrower column must fail, never
    /// load the cut values, whichever way rows go in.
    @Test("MySQL/MariaDB: a value the target's column cuts fails the restore through LOAD DATA and INSERTs")
    func narrowerTargetColumn() throws {
        try ScratchDatabase.with(.mysql, prefix: "narrow") { source in
            let connection = try source.connect()
            try connection.executeScript(
                "CREATE TABLE notes (id INT PRIMARY KEY, v VARCHAR(20)); INSERT INTO notes VALUES (1, 'ok'), (2, 'twenty characters!!')"
            )
            connection.close()
            try withTemporaryDirectory { folder in
                _ = try BackupRunner.run(
                    try source.config, options: BackupOptions(output: folder + "/b", dataOnly: true))
                try ScratchDatabase.with(.mysql, prefix: "narrowt") { target in
                    let check = try target.connect()
                    defer { check.close() }
                    try check.executeScript("CREATE TABLE notes (id INT PRIMARY KEY, v VARCHAR(5))")
                    for localInfile in [true, false] {
                        var options = RestoreOptions(input: folder + "/b")
                        options.localInfile = localInfile
                        #expect(throws: DBError.self, "LOAD DATA: \(localInfile)") {
                            _ = try RestoreRunner.run(try target.config, options: options)
                        }
                        #expect(try check.scalar("SELECT COUNT(*) FROM notes") == "0", "nothing cut kept")
                    }
                }
            }
        }
    }

    @Test("MariaDB: sequences (with their position) and system-versioned tables with their history")
    func mariadbSequencesAndVersionedTables() throws {
        try ScratchDatabase.with(.mysql, prefix: "seqv") { source in
            let connection = try source.connect()
            try connection.executeScript(
                """
                CREATE SEQUENCE ids START WITH 100;
                CREATE TABLE uses_ids (id INT PRIMARY KEY DEFAULT NEXTVAL(ids), x INT);
                INSERT INTO uses_ids (x) VALUES (1), (2);
                CREATE TABLE hist (id INT PRIMARY KEY, v INT, w INT AS (v * 2) PERSISTENT) WITH SYSTEM VERSIONING;
                INSERT INTO hist (id, v) VALUES (1, 1), (2, 2); UPDATE hist SET v = 10 WHERE id = 1; DELETE FROM hist WHERE id = 2;
                CREATE TABLE periods (id INT PRIMARY KEY, v INT,
                    s TIMESTAMP(6) GENERATED ALWAYS AS ROW START INVISIBLE, e TIMESTAMP(6) GENERATED ALWAYS AS ROW END INVISIBLE,
                    PERIOD FOR SYSTEM_TIME (s, e)) WITH SYSTEM VERSIONING
                    PARTITION BY SYSTEM_TIME (PARTITION p_history HISTORY, PARTITION p_current CURRENT);
                INSERT INTO periods (id, v) VALUES (1, 1); UPDATE periods SET v = 2;
                CREATE TABLE by_trx (id INT PRIMARY KEY, x INT,
                    s BIGINT UNSIGNED GENERATED ALWAYS AS ROW START, e BIGINT UNSIGNED GENERATED ALWAYS AS ROW END,
                    PERIOD FOR SYSTEM_TIME (s, e)) WITH SYSTEM VERSIONING;
                INSERT INTO by_trx (id, x) VALUES (1, 1); UPDATE by_trx SET x = 2;
                """)
            let position = try connection.scalar("SELECT next_not_cached_value FROM ids")
            // Every version with its period, as text: what must come back exactly.
            let versions = """
                SELECT CONCAT((SELECT GROUP_CONCAT(id, ':', v, ':', w, ':', ROW_START, ':', ROW_END ORDER BY ROW_START, id)
                               FROM hist FOR SYSTEM_TIME ALL), ' / ',
                              (SELECT GROUP_CONCAT(id, ':', v, ':', s, ':', e ORDER BY s) FROM periods FOR SYSTEM_TIME ALL))
                """
            let history = try #require(try connection.scalar(versions))
            connection.close()
            try withTemporaryDirectory { folder in
                let summary = try BackupRunner.run(try source.config, options: BackupOptions(output: folder + "/b"))
                #expect(
                    summary.warnings == [
                        "table by_trx is system-versioned and its period holds transaction ids, which cannot be inserted: its current rows are backed up, not its history; a restore starts its history anew"
                    ], "\(summary.warnings)")
                // A dbops before v5 would restore it without the sequence: it must refuse.
                let manifest = try BackupVerifier.loadManifest(folder + "/b")
                #expect(manifest.format == "dbops.backup/v5" && manifest.features == ["sequences", "history"])
                #expect(manifest.tables.first { $0.name == "hist" }?.rows == 3)
                try ScratchDatabase.with(.mysql, prefix: "seqvr") { target in
                    _ = try RestoreRunner.run(try target.config, options: RestoreOptions(input: folder + "/b"))
                    let check = try target.connect()
                    defer { check.close() }
                    #expect(try check.scalar("SELECT next_not_cached_value FROM ids") == position)
                    try check.executeScript("INSERT INTO uses_ids (x) VALUES (3)")
                    #expect(
                        try check.scalar("SELECT COUNT(DISTINCT id) FROM uses_ids") == "3",
                        "the default draws a fresh id")
                    #expect(try check.scalar(versions) == history)
                    #expect(try check.scalar("SELECT GROUP_CONCAT(id, ':', v ORDER BY id) FROM hist") == "1:10")
                    #expect(try check.scalar("SELECT GROUP_CONCAT(id, ':', v) FROM periods") == "1:2")
                    #expect(
                        try check.scalar("SELECT GROUP_CONCAT(id, ':', x) FROM by_trx FOR SYSTEM_TIME ALL") == "1:2")
                    #expect(
                        try check.scalar(
                            "SELECT TABLE_TYPE FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'hist'"
                        )
                            == "SYSTEM VERSIONED")
                    // A reload of chosen tables replaces their history, and by INSERTs too.
                    var reload = RestoreOptions(input: folder + "/b", tables: ["hist", "periods"])
                    reload.localInfile = false
                    _ = try RestoreRunner.run(try target.config, options: reload)
                    #expect(try check.scalar(versions) == history)
                    _ = try RestoreRunner.run(
                        try target.config, options: RestoreOptions(input: folder + "/b", clean: true))
                    #expect(
                        try check.scalar("SELECT next_not_cached_value FROM ids") == position,
                        "--clean drops and makes it again")
                    #expect(try check.scalar(versions) == history)
                }
                // The drill reads the history back too, and it agrees.
                let drill = try RestoreDrill.run(folder + "/b", scratch: try TestServers.config(.mysql), jobs: 2)
                #expect(drill.ok, "\(drill.tables.filter { !$0.ok })")
            }
        }
    }

    /// CREATE EXTENSION makes an extension's tables again, but not the rows a user put in
    /// its configuration tables (pg_extension_config_dump): pg_partman's part_config holds
    /// every partitioned table's settings. They are copied (through the extension's row
    /// filter, as pg_dump copies them) and restored; a restore drill agrees.
    @Test("PostgreSQL: an extension's configuration rows (pg_partman's part_config) survive backup and restore")
    func extensionConfiguration() throws {
        try ScratchDatabase.with(.postgres, prefix: "pman") { source in
            let connection = try source.connect()
            try connection.executeScript(
                """
                CREATE SCHEMA partman;
                CREATE EXTENSION pg_partman SCHEMA partman;
                CREATE TABLE events (id bigint, at timestamptz NOT NULL) PARTITION BY RANGE (at);
                SELECT partman.create_parent('public.events', 'at', 'native', 'daily', p_premake := 2);
                INSERT INTO events SELECT g, now() FROM generate_series(1, 50) g;
                """)
            let settings = "SELECT parent_table || ' ' || partition_interval || ' ' || premake FROM partman.part_config"
            let expected = try connection.scalar(settings)
            connection.close()
            #expect(expected == "public.events 1 day 2")
            try withTemporaryDirectory { folder in
                _ = try BackupRunner.run(try source.config, options: BackupOptions(output: folder + "/b"))
                try ScratchDatabase.with(.postgres, prefix: "pmanr") { target in
                    _ = try RestoreRunner.run(try target.config, options: RestoreOptions(input: folder + "/b"))
                    let check = try target.connect()
                    defer { check.close() }
                    #expect(try check.scalar(settings) == expected)
                    #expect(try check.scalar("SELECT count(*) FROM events") == "50")
                }
                let drill = try DBOpsProcess.run(
                    ["backup", "drill", folder + "/b"],
                    environment: ["DBOPS_URL": try TestServers.url(.postgres, database: "postgres")])
                #expect(drill.exitCode == 0, "\(drill)")
            }
        }
    }

    /// Large objects live outside every table: they travel in the schema archive (contents,
    /// owner, grants, comment) and come back after the rows; a target holding other large
    /// objects is not empty; --clean unlinks the backup's own; the drill counts them; a
    /// manifest that disagrees with its archive is refused. --no-large-objects goes without
    /// (recorded), --data-only cannot carry them, --table leaves them out as pg_dump -t does.
    @Test("PostgreSQL: large objects are backed up and restored with their owners, grants and comments")
    func largeObjects() throws {
        let admin = try TestServers.connect(.postgres)
        defer { admin.close() }
        let role = "dbops_lo_\(UUID().uuidString.prefix(6).lowercased())"
        // Role statements take no placeholders; the name is generated here, not input.
        try admin.executeScript("CREATE ROLE \(role)")
        defer { try? admin.executeScript("DROP ROLE \(role)") }
        let objects =
            "SELECT string_agg(concat_ws('|', m.oid, m.lomowner::regrole, m.lomacl, obj_description(m.oid, 'pg_largeobject'), length(lo_get(m.oid)), md5(lo_get(m.oid))), ';' ORDER BY m.oid) FROM pg_largeobject_metadata m"
        try ScratchDatabase.with(.postgres, prefix: "lobj") { source in
            let connection = try source.connect()
            defer { connection.close() }
            try connection.executeScript(
                """
                CREATE TABLE docs (id int PRIMARY KEY, body oid);
                INSERT INTO docs VALUES (1, lo_from_bytea(0, 'hello'::bytea)),
                    (2, lo_from_bytea(0, (SELECT string_agg(md5(g::text), '') FROM generate_series(1, 20000) g)::bytea));
                """)
            let first = try #require(try connection.scalar("SELECT body FROM docs WHERE id = 1"))
            try connection.executeScript(
                "COMMENT ON LARGE OBJECT \(first) IS 'greeting'; GRANT SELECT ON LARGE OBJECT \(first) TO \(role)")
            let expected = try #require(try connection.scalar(objects))
            #expect(expected.contains("\(role)=r/") && expected.contains("greeting"), "\(expected)")
            let url = try source.url
            try withTemporaryDirectory { folder in
                let backup = try DBOpsProcess.run(["backup", "-o", folder + "/all"], environment: ["DBOPS_URL": url])
                #expect(backup.exitCode == 0, "\(backup)")
                let manifest = try BackupVerifier.loadManifest(folder + "/all")
                #expect(manifest.format == "dbops.backup/v5" && manifest.features == ["large_objects"])
                #expect(manifest.largeObjects == 2)
                try ScratchDatabase.with(.postgres, prefix: "lobjr") { target in
                    let check = try target.connect()
                    defer { check.close() }
                    let restored = try DBOpsProcess.run(
                        ["restore", folder + "/all"], environment: ["DBOPS_URL": try target.url])
                    #expect(restored.exitCode == 0, "\(restored)")
                    #expect(try check.scalar(objects) == expected)
                    #expect(
                        try check.scalar("SELECT count(*) FROM docs d JOIN pg_largeobject_metadata m ON m.oid = d.body")
                            == "2")
                    let clean = try DBOpsProcess.run(
                        ["restore", "--clean", folder + "/all"], environment: ["DBOPS_URL": try target.url])
                    #expect(clean.exitCode == 0, "\(clean)")
                    #expect(try check.scalar(objects) == expected, "unlinked and made again, not doubled")
                }
                try ScratchDatabase.with(.postgres, prefix: "lobjo") { target in
                    let check = try target.connect()
                    defer { check.close() }
                    try check.executeScript("SELECT lo_from_bytea(0, 'someone else''s'::bytea)")
                    let merged = try DBOpsProcess.run(
                        ["restore", folder + "/all"], environment: ["DBOPS_URL": try target.url])
                    #expect(merged.exitCode == 1 && merged.stderr.contains("not empty"), "\(merged)")
                }
                let drill = try DBOpsProcess.run(
                    ["backup", "drill", folder + "/all", "--format", "json"], environment: ["DBOPS_URL": url])
                #expect(drill.exitCode == 0, "\(drill)")
                let report = try JSONSerialization.jsonObject(with: drill.stdoutData) as? [String: Any]
                #expect(report?["large_objects_found"] as? Int == 2 && report?["ok"] as? Bool == true, "\(drill)")

                // An archive holding large objects its manifest does not list, and a
                // feature this dbops does not know: refused, nothing restored.
                try FileManager.default.copyItem(atPath: folder + "/all", toPath: folder + "/unlisted")
                try BackupForgery.editManifest(folder + "/unlisted") {
                    $0["features"] = nil
                    $0["large_objects"] = nil
                    $0["format"] = "dbops.backup/v4"
                }
                try FileManager.default.copyItem(atPath: folder + "/all", toPath: folder + "/future")
                try BackupForgery.editManifest(folder + "/future") {
                    $0["features"] = ["large_objects", "tablespaces"]
                }
                for (forged, message) in [
                    ("unlisted", "holds large objects the manifest does not list"), ("future", "holds tablespaces"),
                ] {
                    try ScratchDatabase.with(.postgres, prefix: "lobjf") { target in
                        let refused = try DBOpsProcess.run(
                            ["restore", folder + "/" + forged], environment: ["DBOPS_URL": try target.url])
                        #expect(refused.exitCode == 1 && refused.stderr.contains(message), "\(forged): \(refused)")
                        let check = try target.connect()
                        defer { check.close() }
                        #expect(try check.scalar("SELECT count(*) FROM pg_largeobject_metadata") == "0")
                    }
                }

                // A role that reads every table but not the large objects: refused, naming
                // the grant, not a backup without them.
                try admin.executeScript(
                    "CREATE ROLE \(role)_bk LOGIN PASSWORD 'lo-bk-pw'; GRANT pg_read_all_data TO \(role)_bk")
                defer { try? admin.executeScript("DROP ROLE \(role)_bk") }
                var reader = try source.config
                reader.user = "\(role)_bk"
                reader.password = Secret("lo-bk-pw")
                #expect(throws: DBError.self) {
                    do {
                        _ = try BackupRunner.run(reader, options: BackupOptions(output: folder + "/unreadable"))
                    } catch let error as DBError {
                        #expect(error.message.contains("GRANT SELECT ON LARGE OBJECT"), "\(error.message)")
                        throw error
                    }
                }
                #expect(!FileManager.default.fileExists(atPath: folder + "/unreadable"))

                let dataOnly = try DBOpsProcess.run(
                    ["backup", "--data-only", "-o", folder + "/data"], environment: ["DBOPS_URL": url])
                #expect(dataOnly.exitCode == 1 && dataOnly.stderr.contains("--no-large-objects"), "\(dataOnly)")
                #expect(!FileManager.default.fileExists(atPath: folder + "/data"))
                let without = try DBOpsProcess.run(
                    ["backup", "--no-large-objects", "-o", folder + "/without"], environment: ["DBOPS_URL": url])
                #expect(without.exitCode == 0, "\(without)")
                let bare = try BackupVerifier.loadManifest(folder + "/without")
                #expect(bare.warnings.contains { $0.contains("2 large object(s) left out (--no-large-objects)") })
                #expect(bare.features == nil && bare.format != "dbops.backup/v5")
                let chosen = try DBOpsProcess.run(
                    ["backup", "--table", "docs", "-o", folder + "/chosen"], environment: ["DBOPS_URL": url])
                #expect(chosen.exitCode == 0, "\(chosen)")
                #expect(try BackupVerifier.loadManifest(folder + "/chosen").features == nil)
            }
        }
    }

    /// Tens of thousands of large objects: made, owned and granted in the pre-data's one
    /// transaction, or unlinked by --clean in the drops' one, each held a lock to the end,
    /// and the server ran out of lock memory ("out of shared memory") past about 30,000 on
    /// the test server. 40,000 restore, and restore again over themselves with --clean.
    @Test("PostgreSQL: 40,000 large objects restore, and --clean unlinks them, without running out of locks")
    func manyLargeObjects() throws {
        try ScratchDatabase.with(.postgres, prefix: "lomany") { source in
            let connection = try source.connect()
            defer { connection.close() }
            try connection.executeScript(
                "CREATE TABLE docs (id int PRIMARY KEY, body oid); INSERT INTO docs SELECT g, lo_from_bytea(0, int4send(g)) FROM generate_series(1, 40000) g"
            )
            let digest = "SELECT md5(string_agg(md5(lo_get(oid)), '' ORDER BY oid)) FROM pg_largeobject_metadata"
            let expected = try connection.scalar(digest)
            try withTemporaryDirectory { folder in
                _ = try BackupRunner.run(try source.config, options: BackupOptions(output: folder + "/b"))
                try ScratchDatabase.with(.postgres, prefix: "lomanyr") { target in
                    _ = try RestoreRunner.run(try target.config, options: RestoreOptions(input: folder + "/b"))
                    let check = try target.connect()
                    defer { check.close() }
                    #expect(try check.scalar(digest) == expected)
                    _ = try RestoreRunner.run(
                        try target.config, options: RestoreOptions(input: folder + "/b", clean: true))
                    #expect(try check.scalar(digest) == expected)
                    #expect(try check.scalar("SELECT count(*) FROM pg_largeobject_metadata") == "40000")
                }
            }
        }
    }

    /// A table whose row-level security policies hide rows from the backup role: the backup
    /// fails naming the table and BYPASSRLS (as pg_dump refuses), never a backup of the rows
    /// the role may see with exit 0; with BYPASSRLS it holds every row.
    @Test("PostgreSQL: row-level security that would hide rows fails the backup instead of thinning it")
    func rowLevelSecurity() throws {
        let admin = try TestServers.connect(.postgres)
        defer { admin.close() }
        let role = "dbops_rls_\(UUID().uuidString.prefix(6).lowercased())"
        // Role statements take no placeholders; the name is generated here, not input.
        try admin.executeScript("CREATE ROLE \(role) LOGIN PASSWORD 'rls-pw'")
        defer { try? admin.executeScript("DROP ROLE \(role)") }
        try ScratchDatabase.with(.postgres, prefix: "rls") { source in
            let connection = try source.connect()
            defer { connection.close() }
            try connection.executeScript(
                """
                CREATE TABLE open_rows (id int PRIMARY KEY);
                INSERT INTO open_rows SELECT g FROM generate_series(1, 10) g;
                CREATE TABLE secrets (id int PRIMARY KEY, owner text);
                INSERT INTO secrets SELECT g, CASE WHEN g % 2 = 0 THEN '\(role)' ELSE 'other' END FROM generate_series(1, 100) g;
                ALTER TABLE secrets ENABLE ROW LEVEL SECURITY;
                CREATE POLICY mine ON secrets USING (owner = current_user);
                GRANT SELECT ON open_rows, secrets TO \(role);
                """)
            defer { try? connection.executeScript("DROP OWNED BY \(role)") }
            try withTemporaryDirectory { folder in
                var url = URLComponents(string: try source.url)!
                url.user = role
                url.password = "rls-pw"
                let refused = try DBOpsProcess.run(
                    ["backup", "--output", folder + "/thin"], environment: ["DBOPS_URL": url.string!])
                #expect(refused.exitCode == 1, "\(refused)")
                #expect(
                    refused.stderr.contains("table public.secrets: its row-level security policies would hide rows")
                        && refused.stderr.contains("BYPASSRLS"), "\(refused.stderr)")
                #expect(!FileManager.default.fileExists(atPath: folder + "/thin"))
                try admin.executeScript("ALTER ROLE \(role) BYPASSRLS")
                let whole = try DBOpsProcess.run(
                    ["backup", "--output", folder + "/whole"], environment: ["DBOPS_URL": url.string!])
                #expect(whole.exitCode == 0, "\(whole)")
                let manifest =
                    try JSONSerialization.jsonObject(
                        with: Data(contentsOf: URL(fileURLWithPath: folder + "/whole/manifest.json"))) as? [String: Any]
                let tables = manifest?["tables"] as? [[String: Any]] ?? []
                #expect(tables.first { $0["name"] as? String == "secrets" }?["rows"] as? Int == 100, "\(tables)")
            }
        }
    }

    /// An account restoring objects another account defined is refused by the server (SET
    /// USER); the error names --no-owner, which makes them the restoring account's; and
    /// --no-privileges leaves the schema's grants out. (No trigger or function here: with
    /// binary logging on, an account without SUPER may create neither, definer or not,
    /// unless log_bin_trust_function_creators is set, which is server-wide.)
    @Test("MySQL/MariaDB: restore --no-owner by an account without SET USER; --no-privileges")
    func mysqlNoOwner() throws {
        let admin = try TestServers.connect(.mysql)
        defer { admin.close() }
        let suffix = UUID().uuidString.prefix(6).lowercased()
        let (definer, restorer, grantee) = ("dbops_def_\(suffix)", "dbops_rst_\(suffix)", "dbops_gr_\(suffix)")
        // Account statements take no placeholders; the names are generated here, not input.
        try admin.executeScript(
            """
            CREATE USER '\(definer)'@'localhost'; CREATE USER '\(grantee)'@'localhost';
            CREATE USER '\(restorer)'@'127.0.0.1' IDENTIFIED BY 'restorer-pw';
            """)
        defer {
            try? admin.executeScript(
                "DROP USER '\(definer)'@'localhost', '\(grantee)'@'localhost', '\(restorer)'@'127.0.0.1'")
        }
        try ScratchDatabase.with(.mysql, prefix: "defn") { source in
            let connection = try source.connect()
            try connection.executeScript(
                """
                CREATE TABLE t (id INT PRIMARY KEY, n INT);
                INSERT INTO t VALUES (1, 10), (2, 20);
                CREATE DEFINER = '\(definer)'@'localhost' SQL SECURITY INVOKER VIEW v AS SELECT id, n FROM t;
                CREATE DEFINER = '\(definer)'@'localhost' PROCEDURE p() SELECT COUNT(*) FROM t;
                GRANT SELECT ON `\(source.name)`.* TO '\(grantee)'@'localhost';
                """)
            connection.close()
            try withTemporaryDirectory { folder in
                _ = try BackupRunner.run(try source.config, options: BackupOptions(output: folder + "/b"))
                try ScratchDatabase.with(.mysql, prefix: "defnr") { target in
                    try admin.executeScript("GRANT ALL ON `\(target.name)`.* TO '\(restorer)'@'127.0.0.1'")
                    var config = try target.config
                    config.user = restorer
                    config.password = Secret("restorer-pw")
                    #expect(throws: DBError.self) {
                        do {
                            _ = try RestoreRunner.run(config, options: RestoreOptions(input: folder + "/b"))
                        } catch let error as DBError {
                            #expect(error.message.contains("add --no-owner"), "\(error.message)")
                            throw error
                        }
                    }
                    _ = try RestoreRunner.run(
                        config,
                        options: RestoreOptions(input: folder + "/b", clean: true, noOwner: true, noPrivileges: true))
                    let check = try target.connect()
                    defer { check.close() }
                    let definers = try check.query(
                        """
                        SELECT DEFINER FROM information_schema.VIEWS WHERE TABLE_SCHEMA = DATABASE()
                        UNION ALL SELECT DEFINER FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = DATABASE()
                        """
                    ).rows.compactMap { $0[0] }
                    #expect(definers == Array(repeating: "\(restorer)@127.0.0.1", count: 2), "\(definers)")
                    #expect(try check.scalar("SELECT COUNT(*) FROM v") == "2")
                    let grants = try admin.query("SHOW GRANTS FOR '\(grantee)'@'localhost'").rows.compactMap { $0[0] }
                    #expect(!grants.contains { $0.contains(target.name) }, "--no-privileges: \(grants)")
                }
            }
        }
    }

    @Test(
        "PostgreSQL: a table with no columns keeps its rows, in binary and text COPY",
        arguments: [DataFormat.binary, .text])
    func zeroColumns(_ format: DataFormat) throws {
        try ScratchDatabase.with(.postgres, prefix: "zerocol") { source in
            let connection = try source.connect()
            try connection.executeScript(
                """
                CREATE TABLE z (a int); ALTER TABLE z DROP COLUMN a;
                INSERT INTO z DEFAULT VALUES; INSERT INTO z DEFAULT VALUES; INSERT INTO z DEFAULT VALUES;
                CREATE TABLE big_z (a int); INSERT INTO big_z SELECT g FROM generate_series(1, 20000) g; ALTER TABLE big_z DROP COLUMN a;
                """)
            connection.close()
            try withTemporaryDirectory { folder in
                var options = BackupOptions(output: folder + "/b", jobs: 2, chunkBytes: 64 << 10)
                options.copyFormat = format
                let summary = try BackupRunner.run(try source.config, options: options)
                #expect(summary.rows == 20003)
                #expect(try DBOpsProcess.run(["verify", folder + "/b"]).exitCode == 0)
                try ScratchDatabase.with(.postgres, prefix: "zerocolr") { target in
                    _ = try RestoreRunner.run(try target.config, options: RestoreOptions(input: folder + "/b"))
                    let check = try target.connect()
                    defer { check.close() }
                    #expect(try check.scalar("SELECT count(*) FROM z") == "3")
                    #expect(try check.scalar("SELECT count(*) FROM big_z") == "20000")
                }
            }
        }
    }

    @Test("Hostile values, identifiers and objects survive", arguments: Engine.allCases)
    func hostile(_ engine: Engine) throws {
        try ScratchDatabase.with(engine, prefix: "hostile") { source in
            let connection = try source.connect()
            try connection.executeScript(engine == .postgres ? Self.postgresSetup : Self.mysqlSetup)
            connection.close()
            try withTemporaryDirectory { folder in
                var options = BackupOptions(output: folder + "/b", jobs: 2)
                // Every hostile name through --block-ddl's statement too (MySQL; PostgreSQL's
                // backups always hold their tables' locks).
                options.blockDDL = true
                let summary = try BackupRunner.run(try source.config, options: options)
                // "Mixed Case", no_primary_key, "order" (and MySQL's zero_id).
                #expect(summary.rows == (engine == .postgres ? 4 + 4 + 40 : 3 + 4 + 50 + 2))
                try expectIdentical(engine, source: source.name, restoredFrom: folder + "/b")

                // The stream form, through the binary: backup -o - | restore -.
                let produced = try DBOpsProcess.run(
                    ["backup", "--output", "-"], environment: ["DBOPS_URL": try source.url])
                #expect(produced.exitCode == 0, "\(produced.stderr)")
                #expect(produced.stdoutData.starts(with: Data("DBOPS-BACKUP-STREAM/1\n".utf8)))
                try ScratchDatabase.with(engine, prefix: "stream") { target in
                    let restored = try DBOpsProcess.run(
                        ["restore", "-"], environment: ["DBOPS_URL": try target.url], stdin: produced.stdoutData)
                    #expect(restored.exitCode == 0, "\(restored.stderr)")
                    #expect(
                        try IndependentChecks.tableChecksums(engine, database: target.name)
                            == IndependentChecks.tableChecksums(engine, database: source.name))
                }
            }
        }
    }
}
