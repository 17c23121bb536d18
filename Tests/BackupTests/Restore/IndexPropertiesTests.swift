import DBCore
import Foundation
import Testing
import TestSupport

/// What PostgreSQL keeps about an index besides its definition, which restore must bring
/// back with the indexes it builds itself as each table's rows are in: the comment, the
/// table's CLUSTER ON, its REPLICA IDENTITY USING INDEX, an expression column's statistics
/// target.
@Suite("Index properties through backup and restore")
struct IndexPropertiesTests {
    /// Each index of public with all of that, and each table's replica identity.
    static let properties = """
        SELECT c.relname || ' | ' || i.indisclustered || ' | ' || i.indisreplident || ' | '
               || coalesce((SELECT string_agg(attnum || '=' || attstattarget, ',' ORDER BY attnum) FROM pg_attribute WHERE attrelid = c.oid), '')
               || ' | ' || coalesce(obj_description(c.oid, 'pg_class'), '-')
               || ' | ' || coalesce((SELECT obj_description(oid, 'pg_constraint') FROM pg_constraint WHERE conindid = c.oid), '-')
               AS line
        FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
        WHERE c.relnamespace = 'public'::regnamespace
        UNION ALL
        SELECT relname || ' replica identity ' || relreplident::text FROM pg_class
        WHERE relnamespace = 'public'::regnamespace AND relkind = 'r' AND relname NOT LIKE '\\_dbops%'
        ORDER BY 1
        """

    @Test("PostgreSQL: an index's comment, CLUSTER ON, REPLICA IDENTITY USING INDEX and statistics target come back")
    func propertiesRestored() throws {
        try ScratchDatabase.with(.postgres, prefix: "ixprops") { source in
            let connection = try source.connect()
            defer { connection.close() }
            try connection.executeScript(
                """
                -- No primary key: logical replication of its updates needs the index as identity.
                CREATE TABLE events (k int NOT NULL, e text);
                CREATE UNIQUE INDEX events_k ON events (k);
                ALTER TABLE events REPLICA IDENTITY USING INDEX events_k;
                CREATE INDEX events_lower ON events (lower(e));
                ALTER INDEX events_lower ALTER COLUMN 1 SET STATISTICS 900;
                ALTER TABLE events CLUSTER ON events_lower;
                COMMENT ON INDEX events_k IS 'the identity';
                CREATE TABLE keyed (id int CONSTRAINT keyed_pk PRIMARY KEY);
                ALTER TABLE keyed CLUSTER ON keyed_pk;
                COMMENT ON CONSTRAINT keyed_pk ON keyed IS 'the key';
                INSERT INTO events SELECT g, 'e' || g FROM generate_series(1, 200) g;
                INSERT INTO keyed SELECT generate_series(1, 50);
                """)
            let original = try connection.query(Self.properties).rows.compactMap { $0["line"] }
            #expect(original.contains("events replica identity i") && original.count == 5, "\(original)")
            try Self.expectRestored(source, as: original)
        }
    }

    /// Two workers build one table's two indexes side by side, each about as long. Were what
    /// pg_dump writes with an index run in the index's own transaction, each would hold
    /// CREATE INDEX's SHARE lock on the table and wait for the other's to take the stronger
    /// one REPLICA IDENTITY or CLUSTER ON needs: a deadlock, which failed the restore.
    /// Enough rows that the builds overlap, restored twice to give the race its chances.
    @Test(
        "PostgreSQL: two indexes of one table, built side by side, each with what it brings, restore without a deadlock"
    )
    func indexesOfOneTableSideBySide() throws {
        try ScratchDatabase.with(.postgres, prefix: "ixpair") { source in
            let connection = try source.connect()
            defer { connection.close() }
            try connection.executeScript(
                """
                CREATE TABLE pair (k int NOT NULL, a text NOT NULL, b text);
                INSERT INTO pair SELECT g, md5(g::text), md5((-g)::text) FROM generate_series(1, 150000) g;
                CREATE UNIQUE INDEX pair_a ON pair (a, k);
                ALTER TABLE pair REPLICA IDENTITY USING INDEX pair_a;
                CREATE INDEX pair_b ON pair (lower(b));
                ALTER INDEX pair_b ALTER COLUMN 1 SET STATISTICS 700;
                ALTER TABLE pair CLUSTER ON pair_b;
                """)
            let original = try connection.query(Self.properties).rows.compactMap { $0["line"] }
            #expect(original.contains("pair replica identity i") && original.count == 3, "\(original)")
            try Self.expectRestored(source, as: original, restores: 2, options: ["--jobs", "2"])
        }
    }

    /// Backs the source up, restores it `restores` times into new databases, and expects the
    /// properties of each to be the original's.
    static func expectRestored(
        _ source: ScratchDatabase, as original: [String], restores: Int = 1, options: [String] = []
    ) throws {
        try withTemporaryDirectory { folder in
            let made = try DBOpsProcess.run(
                ["backup", "--output", folder + "/b"], environment: ["DBOPS_URL": try source.url])
            try #require(made.exitCode == 0, "\(made)")
            for _ in 1...restores {
                try ScratchDatabase.with(.postgres, prefix: "ixpropsr") { target in
                    let restored = try DBOpsProcess.run(
                        ["restore"] + options + [folder + "/b"], environment: ["DBOPS_URL": try target.url])
                    #expect(restored.exitCode == 0, "\(restored)")
                    let check = try target.connect()
                    defer { check.close() }
                    #expect(try check.query(Self.properties).rows.compactMap { $0["line"] } == original)
                }
            }
        }
    }
}
