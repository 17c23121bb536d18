import DBCore
import Foundation
import Testing
import TestSupport

/// Where a table and its indexes live on disk: PostgreSQL tablespaces, MySQL/MariaDB's DATA
/// DIRECTORY. A restore onto the same server puts them back there; a server that lacks
/// them (a spare, a laptop) refuses them, naming --no-tablespaces, which puts everything in
/// the server's own place. Both on the solo servers: the shared ones have a standby and a
/// replica on this machine, which would replay the same directory as the primary's.
@Suite("Tablespaces and data directories")
struct TablespaceTests {
    /// Each table and index of public: its tablespace, storage parameters, definition and
    /// (for a key's index) its constraint's deferrability.
    static let layout = """
        SELECT c.relname || ' | ' || coalesce(s.spcname, '-') || ' | ' || coalesce(array_to_string(c.reloptions, ','), '-')
               || ' | ' || coalesce(pg_get_indexdef(c.oid), '-') || ' | '
               || coalesce((SELECT string_agg(conname || ' ' || condeferrable || condeferred, ',') FROM pg_constraint WHERE conindid = c.oid), '-')
               AS line
        FROM pg_class c LEFT JOIN pg_tablespace s ON s.oid = c.reltablespace
        WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'i') AND c.relname NOT LIKE '\\_dbops%'
        ORDER BY c.relname
        """

    static func layout(_ connection: DatabaseConnection) throws -> [String] {
        try connection.query(layout).rows.compactMap { $0["line"] }
    }

    @Test(
        "PostgreSQL: indexes come back in their tablespaces with their keys' storage parameters; --no-tablespaces and a drill need none of them"
    )
    func postgres() throws {
        try SoloServer.exclusively(.postgres) {
            try SoloServer.withTablespace { space in
                try withTemporaryDirectory { folder in
                    try ScratchDatabase.with(.postgres, prefix: "spsrc", solo: true) { source in
                        let connection = try source.connect()
                        defer { connection.close() }
                        try connection.executeScript(
                            """
                            CREATE TABLE placed (id int PRIMARY KEY, v text) TABLESPACE \(space);
                            CREATE INDEX placed_v ON placed (v) TABLESPACE \(space);
                            CREATE TABLE packed (id int, v int, w int,
                                CONSTRAINT packed_pk PRIMARY KEY (id) WITH (fillfactor = 70) DEFERRABLE INITIALLY DEFERRED,
                                CONSTRAINT packed_v UNIQUE (v) INCLUDE (id) WITH (fillfactor = 60, deduplicate_items = off) USING INDEX TABLESPACE \(space));
                            CREATE INDEX packed_w ON packed (w) WITH (fillfactor = 50) TABLESPACE \(space) WHERE w > 0;
                            INSERT INTO placed SELECT g, 'v' || g FROM generate_series(1, 300) g;
                            INSERT INTO packed SELECT g, g, g FROM generate_series(1, 300) g;
                            """)
                        let original = try Self.layout(connection)
                        #expect(original.filter { $0.contains(" | \(space) | ") }.count == 4, "\(original)")
                        let backup = folder + "/backup"
                        let made = try DBOpsProcess.run(
                            ["backup", "--output", backup], environment: ["DBOPS_URL": try source.url])
                        try #require(made.exitCode == 0, "\(made)")

                        try ScratchDatabase.with(.postgres, prefix: "spsame", solo: true) { same in
                            let restored = try DBOpsProcess.run(
                                ["restore", backup], environment: ["DBOPS_URL": try same.url])
                            #expect(restored.exitCode == 0, "\(restored)")
                            let check = try same.connect()
                            defer { check.close() }
                            #expect(try Self.layout(check) == original, "the same tablespaces, parameters and keys")
                        }
                        // The shared server has no such tablespace.
                        try ScratchDatabase.with(.postgres, prefix: "spelse") { other in
                            let refused = try DBOpsProcess.run(
                                ["restore", backup], environment: ["DBOPS_URL": try other.url])
                            #expect(refused.exitCode == 1, "\(refused)")
                            #expect(
                                refused.stderr.contains(space) && refused.stderr.contains("add --no-tablespaces"),
                                "\(refused.stderr)")
                        }
                        try ScratchDatabase.with(.postgres, prefix: "spelse") { other in
                            let restored = try DBOpsProcess.run(
                                ["restore", backup, "--no-tablespaces"], environment: ["DBOPS_URL": try other.url])
                            #expect(restored.exitCode == 0, "\(restored)")
                            let check = try other.connect()
                            defer { check.close() }
                            let expected = original.map {
                                $0.replacingOccurrences(of: " | \(space) | ", with: " | - | ")
                            }
                            #expect(
                                try Self.layout(check) == expected, "all in the default tablespace, parameters kept")
                            #expect(try check.scalar("SELECT count(*) FROM packed") == "300")
                        }
                        let drill = try DBOpsProcess.run(
                            ["backup", "drill", backup], environment: ["DBOPS_URL": try TestServers.url(.postgres)])
                        #expect(drill.exitCode == 0, "a drill proves the rows, wherever they lived: \(drill)")
                    }
                }
            }
        }
    }

    @Test(
        "MySQL/MariaDB: a table's DATA DIRECTORY this server lacks fails its restore naming --no-tablespaces, which restores it in the server's own"
    )
    func mysql() throws {
        try SoloServer.exclusively(.mysql) {
            try withTemporaryDirectory { folder in
                let directory = folder + "/data"
                try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: false)
                let backup = folder + "/backup"
                try ScratchDatabase.with(.mysql, prefix: "ddsrc", solo: true) { source in
                    let connection = try source.connect()
                    defer { connection.close() }
                    try connection.executeScript(
                        """
                        CREATE TABLE placed (id INT PRIMARY KEY, v VARCHAR(20)) DATA DIRECTORY = '\(directory)';
                        INSERT INTO placed VALUES (1, 'a'), (2, 'b'), (3, 'c');
                        """)
                    let made = try DBOpsProcess.run(
                        ["backup", "--output", backup], environment: ["DBOPS_URL": try source.url])
                    try #require(made.exitCode == 0, "\(made)")
                }
                // The server restored onto has no such directory: a file stands where it was.
                try FileManager.default.removeItem(atPath: directory)
                try Data("not a directory".utf8).write(to: URL(fileURLWithPath: directory))
                try ScratchDatabase.with(.mysql, prefix: "ddelse", solo: true) { other in
                    let refused = try DBOpsProcess.run(["restore", backup], environment: ["DBOPS_URL": try other.url])
                    #expect(refused.exitCode == 1, "\(refused)")
                    #expect(
                        refused.stderr.contains("placed") && refused.stderr.contains("add --no-tablespaces"),
                        "\(refused.stderr)")
                }
                try ScratchDatabase.with(.mysql, prefix: "ddelse", solo: true) { other in
                    let restored = try DBOpsProcess.run(
                        ["restore", backup, "--no-tablespaces"], environment: ["DBOPS_URL": try other.url])
                    #expect(restored.exitCode == 0, "\(restored)")
                    let check = try other.connect()
                    defer { check.close() }
                    let create = try check.query("SHOW CREATE TABLE placed").rows.first?["Create Table"] ?? ""
                    #expect(!create.isEmpty && !create.contains("DIRECTORY"), "\(create)")
                    #expect(try check.scalar("SELECT COUNT(*) FROM placed") == "3")
                }
            }
        }
    }

    @Test(
        "PostgreSQL: a whole-server restore makes the tablespaces the server lacks, with their options, comment and grants, and a database in its own; --no-tablespaces leaves them out"
    )
    func wholeServerTablespaces() throws {
        try SoloServer.exclusively(.postgres) {
            try SoloServer.withTablespace { space in
                try withTemporaryDirectory { folder in
                    let admin = try Database.connect(try SoloServer.config(.postgres))
                    defer { admin.close() }
                    try admin.executeScript(
                        """
                        ALTER TABLESPACE \(space) SET (random_page_cost = 1.5, effective_io_concurrency = 8);
                        COMMENT ON TABLESPACE \(space) IS 'the fast disk''s;
                        and its comment';
                        GRANT CREATE ON TABLESPACE \(space) TO PUBLIC;
                        """)
                    let describe = {
                        try admin.scalar(
                            """
                            SELECT pg_tablespace_location(oid) || ' ' || coalesce(array_to_string(spcoptions, ','), '-') || ' '
                                   || coalesce(shobj_description(oid, 'pg_tablespace'), '-') || ' ' || coalesce(spcacl::text, '-')
                            FROM pg_tablespace WHERE spcname = '\(space)'
                            """)
                    }
                    let original = try describe()
                    #expect(original?.contains("random_page_cost=1.5") == true, "\(original ?? "none")")
                    try ScratchDatabase.with(.postgres, prefix: "spdb", solo: true, options: "TABLESPACE \(space)") {
                        database in
                        let placed = {
                            try admin.scalar(
                                "SELECT t.spcname FROM pg_database d JOIN pg_tablespace t ON t.oid = d.dattablespace WHERE d.datname = '\(database.name)'"
                            )
                        }
                        let connection = try database.connect()
                        try connection.executeScript("CREATE TABLE kept AS SELECT generate_series(1, 100) AS n")
                        connection.close()
                        let server = try SoloServer.url(.postgres, database: "")
                        let made = try DBOpsProcess.run(
                            ["backup", "--all-databases", "-o", folder + "/server/{database}"],
                            environment: ["DBOPS_URL": server], timeout: 300)
                        try #require(made.exitCode == 0, "\(made)")
                        // The server restored to lacks both; the tablespace's directory is there, empty.
                        database.drop()
                        try admin.executeScript("DROP TABLESPACE \(space)")
                        let restore = ["restore", "--all-databases", folder + "/server"]
                        let one = ["--database", database.name]
                        for arguments in [["--globals-only", "--no-tablespaces"], one + ["--no-tablespaces"]] {
                            let without = try DBOpsProcess.run(
                                restore + arguments, environment: ["DBOPS_URL": server], timeout: 300)
                            #expect(without.exitCode == 0, "\(without)")
                        }
                        #expect(try describe() == nil, "--no-tablespaces makes none")
                        #expect(try placed() == "pg_default")
                        database.drop()
                        for arguments in [["--globals-only"], ["--globals-only"], one] {  // made, kept, used
                            let restored = try DBOpsProcess.run(
                                restore + arguments, environment: ["DBOPS_URL": server], timeout: 300)
                            #expect(restored.exitCode == 0, "\(restored)")
                            #expect(try describe() == original)
                        }
                        #expect(try placed() == space)
                        let check = try database.connect()
                        defer { check.close() }
                        #expect(try check.scalar("SELECT sum(n) FROM kept") == "5050")
                    }
                }
            }
        }
    }

    @Test(
        "PostgreSQL: restore --create makes the database in its source's default tablespace; --no-tablespaces in the server's"
    )
    func createInTheDatabasesTablespace() throws {
        try SoloServer.exclusively(.postgres) {
            try SoloServer.withTablespace { space in
                try withTemporaryDirectory { folder in
                    try ScratchDatabase.with(.postgres, prefix: "spcr", solo: true, options: "TABLESPACE \(space)") {
                        source in
                        let connection = try source.connect()
                        try connection.executeScript("CREATE TABLE kept AS SELECT generate_series(1, 100) AS n")
                        connection.close()
                        let made = try DBOpsProcess.run(
                            ["backup", "--output", folder + "/b"], environment: ["DBOPS_URL": try source.url])
                        try #require(made.exitCode == 0, "\(made)")
                        for (flags, expected) in [([], space), (["--no-tablespaces"], "pg_default")] {
                            try ScratchDatabase.with(.postgres, prefix: "spcrd", solo: true) { target in
                                target.drop()  // a name the server lacks
                                let restored = try DBOpsProcess.run(
                                    ["restore", "--create"] + flags + [folder + "/b"],
                                    environment: ["DBOPS_URL": try target.url])
                                #expect(restored.exitCode == 0, "\(restored)")
                                let check = try target.connect()
                                defer { check.close() }
                                #expect(
                                    try check.scalar(
                                        "SELECT t.spcname FROM pg_database d JOIN pg_tablespace t ON t.oid = d.dattablespace WHERE d.datname = current_database()"
                                    ) == expected)
                                #expect(try check.scalar("SELECT sum(n) FROM kept") == "5050")
                            }
                        }
                    }
                }
            }
        }
    }
}
