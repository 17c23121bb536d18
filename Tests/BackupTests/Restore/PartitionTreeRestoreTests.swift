import Backup
import DBCore
import Foundation
import Testing
import TestSupport

/// A PostgreSQL partitioned table is no table of a backup (it holds no rows): its
/// partitions are, at every level of a partition tree. `DROP TABLE events` takes the whole
/// tree with it, and `restore --table events` puts it back; `backup --table events` takes
/// the tree's every leaf.
@Suite("Restore --table of a dropped partition tree")
struct PartitionTreeRestoreTests {
    /// Two levels (a year partitioned by kind), a serial key, an index on the root and one
    /// of a sub-partition's own, a trigger on the root that is not idempotent, comments,
    /// grants, and another table's key into the root.
    static let schema = """
        CREATE SCHEMA app;
        CREATE FUNCTION app.mark() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN NEW.v := NEW.v || '!'; RETURN NEW; END$$;
        CREATE TABLE app."Ev ents" (id bigserial, at date NOT NULL, k int NOT NULL, v text DEFAULT 'x' CHECK (v <> 'bad'),
            PRIMARY KEY (id, at, k)) PARTITION BY RANGE (at);
        CREATE TABLE app.y2025 PARTITION OF app."Ev ents" FOR VALUES FROM ('2025-01-01') TO ('2026-01-01') PARTITION BY LIST (k);
        CREATE TABLE app.y2025_a PARTITION OF app.y2025 FOR VALUES IN (1);
        CREATE TABLE app.y2025_b PARTITION OF app.y2025 FOR VALUES IN (2);
        CREATE TABLE app.y2026 PARTITION OF app."Ev ents" FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');
        CREATE TABLE app.ydefault PARTITION OF app."Ev ents" DEFAULT;
        CREATE INDEX "ev k" ON app."Ev ents" (k, at);
        CREATE INDEX y2025_own ON app.y2025 (v);
        CREATE TRIGGER mark BEFORE INSERT ON app."Ev ents" FOR EACH ROW EXECUTE FUNCTION app.mark();
        COMMENT ON TABLE app."Ev ents" IS 'events';
        COMMENT ON COLUMN app."Ev ents".v IS 'vee';
        COMMENT ON INDEX app."ev k" IS 'by kind';
        GRANT SELECT ON app."Ev ents" TO PUBLIC;
        INSERT INTO app."Ev ents" (at, k, v) SELECT date '2025-06-01' + g, g % 2 + 1, 'v' || g FROM generate_series(1, 900) g;
        CREATE TABLE app.child (id int PRIMARY KEY, eid bigint, eat date, ek int,
            FOREIGN KEY (eid, eat, ek) REFERENCES app."Ev ents" (id, at, k));
        INSERT INTO app.child SELECT id, id, at, k FROM app."Ev ents" WHERE id <= 50;
        """

    static func restore(_ database: ScratchDatabase, _ backup: String, _ tables: String...) throws
        -> DBOpsProcess
        .Result
    {
        try DBOpsProcess.run(
            ["restore"] + tables.flatMap { ["--table", $0] } + [backup], environment: ["DBOPS_URL": try database.url])
    }

    /// Runs `drop`, restores `table` from `backup`, and checks it succeeded and the schema
    /// is `schema` again.
    static func droppedAndRestored(
        _ drop: String, _ table: String, from backup: String, _ database: ScratchDatabase,
        _ connection: DatabaseConnection, schema: String
    ) throws -> DBOpsProcess.Result {
        try connection.executeScript(drop)
        let result = try restore(database, backup, table)
        #expect(result.exitCode == 0, "\(result)")
        #expect(try IndependentChecks.schemaText(.postgres, database: database.name) == schema)
        return result
    }

    @Test("The whole tree comes back from its root's name, and a sub-partition's from its own")
    func wholeTree() throws {
        try ScratchDatabase.with(.postgres, prefix: "ptree") { database in
            let connection = try database.connect()
            defer { connection.close() }
            try connection.executeScript(Self.schema)
            let schema = try IndependentChecks.schemaText(.postgres, database: database.name)
            let sums = try IndependentChecks.tableChecksums(.postgres, database: database.name)
            let counters = try IndependentChecks.counters(.postgres, database: database.name)
            try withTemporaryDirectory { folder in
                // backup --table of the root takes the leaves below the sub-partition too.
                _ = try BackupRunner.run(
                    try database.config, options: BackupOptions(output: folder + "/t", include: ["app.Ev ents"]))
                let manifest = try #require(
                    try JSONSerialization.jsonObject(
                        with: Data(contentsOf: URL(fileURLWithPath: folder + "/t/manifest.json"))) as? [String: Any])
                let tables = (manifest["tables"] as? [[String: Any]] ?? []).map {
                    "\($0["schema"] ?? "").\($0["name"] ?? "")"
                }
                #expect(Set(tables) == ["app.y2025_a", "app.y2025_b", "app.y2026", "app.ydefault"])
                _ = try BackupRunner.run(try database.config, options: BackupOptions(output: folder + "/b"))

                let root = try Self.droppedAndRestored(
                    "DROP TABLE app.\"Ev ents\" CASCADE", "app.Ev ents", from: folder + "/b", database, connection,
                    schema: schema)
                #expect(
                    root.stderr.contains("with the partitioned tables app.Ev ents, app.y2025 they belong to")
                        && root.stderr.contains("with 1 foreign key(s) of other tables"), "\(root.stderr)")
                #expect(try IndependentChecks.tableChecksums(.postgres, database: database.name) == sums)
                #expect(try IndependentChecks.counters(.postgres, database: database.name) == counters)
                // Its trigger is back, fired on the application's next row and not on the restored ones.
                try connection.executeScript("INSERT INTO app.\"Ev ents\" (at, k, v) VALUES ('2025-07-01', 1, 'new')")
                #expect(try connection.scalar("SELECT v FROM app.\"Ev ents\" WHERE id = 901") == "new!")
                #expect(try connection.scalar("SELECT count(*) FROM app.\"Ev ents\" WHERE v LIKE '%!!'") == "0")
                try connection.executeScript("DELETE FROM app.\"Ev ents\" WHERE id = 901")

                // A sub-partition alone, attached to the root the target still has; the drop
                // took the key into the root with it.
                let sub = try Self.droppedAndRestored(
                    "DROP TABLE app.y2025 CASCADE", "app.y2025", from: folder + "/b", database, connection,
                    schema: schema)
                #expect(sub.stderr.contains("with 1 foreign key(s) of other tables"), "\(sub.stderr)")
                #expect(try IndependentChecks.tableChecksums(.postgres, database: database.name) == sums)
            }
        }
    }

    @Test("A partitioned table with no partition holding rows is a table of the backup")
    func noPartitionYet() throws {
        try ScratchDatabase.with(.postgres, prefix: "ptnone") { database in
            let connection = try database.connect()
            defer { connection.close() }
            // A root made ahead of its first partition, with a serial key, an index and a
            // comment; and a tree whose next year is partitioned by kind with no kind yet.
            try connection.executeScript(
                """
                CREATE SCHEMA app;
                CREATE TABLE app."Fu ture" (id bigserial, at date NOT NULL, PRIMARY KEY (id, at)) PARTITION BY RANGE (at);
                CREATE INDEX fu_at ON app."Fu ture" (at);
                COMMENT ON TABLE app."Fu ture" IS 'none yet';
                SELECT setval('app."Fu ture_id_seq"', 77);
                CREATE TABLE app.ev (id int, at date NOT NULL, k int NOT NULL, PRIMARY KEY (id, at, k)) PARTITION BY RANGE (at);
                CREATE TABLE app.ev_2025 PARTITION OF app.ev FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
                CREATE TABLE app.ev_2026 PARTITION OF app.ev FOR VALUES FROM ('2026-01-01') TO ('2027-01-01')
                    PARTITION BY LIST (k);
                COMMENT ON COLUMN app.ev_2026.k IS 'kind';
                INSERT INTO app.ev SELECT g, date '2025-01-01' + g, g % 3 FROM generate_series(1, 300) g;
                """)
            let schema = try IndependentChecks.schemaText(.postgres, database: database.name)
            let sums = try IndependentChecks.tableChecksums(.postgres, database: database.name)
            let counters = try IndependentChecks.counters(.postgres, database: database.name)
            try withTemporaryDirectory { folder in
                // Named alone, it is what the backup holds: its definition, no rows.
                let alone = try DBOpsProcess.run(
                    ["backup", "-o", folder + "/alone", "--table", "app.Fu ture"],
                    environment: ["DBOPS_URL": try database.url])
                #expect(alone.exitCode == 0, "\(alone)")
                _ = try BackupRunner.run(try database.config, options: BackupOptions(output: folder + "/b"))

                let root = try Self.droppedAndRestored(
                    "DROP TABLE app.\"Fu ture\"", "app.Fu ture", from: folder + "/alone", database, connection,
                    schema: schema)
                #expect(root.stderr.contains("created app.Fu ture from the backup's schema"), "\(root.stderr)")
                #expect(try IndependentChecks.counters(.postgres, database: database.name) == counters)

                // The tree comes back with its partitioned year that has no partition yet.
                _ = try Self.droppedAndRestored(
                    "DROP TABLE app.ev", "app.ev", from: folder + "/b", database, connection, schema: schema)
                #expect(try IndependentChecks.tableChecksums(.postgres, database: database.name) == sums)

                // That year alone, attached to the tree the target still has.
                _ = try Self.droppedAndRestored(
                    "DROP TABLE app.ev_2026", "app.ev_2026", from: folder + "/b", database, connection, schema: schema)

                // Its sibling alone cannot make the tree without it.
                try connection.executeScript("DROP TABLE app.ev")
                let part = try Self.restore(database, folder + "/b", "app.ev_2025")
                #expect(part.exitCode == 1, "\(part)")
                #expect(part.stderr.contains("app.ev_2026, a partition of it, is not chosen"), "\(part.stderr)")
            }
        }
    }

    @Test("What would leave the tree part-built is refused before anything changes")
    func refusals() throws {
        try ScratchDatabase.with(.postgres, prefix: "ptreeno") { database in
            let connection = try database.connect()
            defer { connection.close() }
            try connection.executeScript(Self.schema)
            try withTemporaryDirectory { folder in
                let backup = folder + "/b"
                _ = try BackupRunner.run(try database.config, options: BackupOptions(output: backup))
                let nothing =
                    "SELECT count(*) FROM pg_class WHERE relnamespace = 'app'::regnamespace AND relkind IN ('r', 'p')"

                // One partition of a root the target lacks: the others are not chosen.
                try connection.executeScript("DROP TABLE app.\"Ev ents\" CASCADE")
                let one = try Self.restore(database, backup, "app.y2026")
                #expect(one.exitCode == 1, "\(one)")
                #expect(
                    one.stderr.contains(
                        "is not chosen: restore --table app.Ev ents to create it with all its partitions"),
                    "\(one.stderr)")
                #expect(try connection.scalar(nothing) == "1", "app.child alone")

                // A partition detached before the drop stands on its own in the target.
                let detached = try Self.restore(database, backup, "app.Ev ents")
                #expect(detached.exitCode == 0, "\(detached)")
                try connection.executeScript(
                    "ALTER TABLE app.\"Ev ents\" DETACH PARTITION app.y2026; DROP TABLE app.\"Ev ents\" CASCADE")
                let standing = try Self.restore(database, backup, "app.Ev ents")
                #expect(standing.exitCode == 1, "\(standing)")
                #expect(standing.stderr.contains("app.y2026, a partition of it, exists in the target"), "\(standing)")
                #expect(try connection.scalar(nothing) == "2", "app.y2026 alone, and app.child")
                try connection.executeScript("DROP TABLE app.y2026")

                // The same backup as a dbops that did not record partition trees wrote it:
                // the sub-partition is no table of it, so the root is not created without it.
                try BackupForgery.editManifest(backup) { manifest in
                    manifest["tables"] = (manifest["tables"] as? [[String: Any]] ?? []).map {
                        $0.filter { $0.key != "partition_ancestors" }
                    }
                    manifest["partitioned_tables"] = nil
                }
                let legacy = try Self.restore(database, backup, "app.Ev ents")
                #expect(legacy.exitCode == 1, "\(legacy)")
                #expect(
                    legacy.stderr.contains("holds no rows of app.y2025 to create it from"), "\(legacy.stderr)")
                #expect(try connection.scalar(nothing) == "1", "app.child alone")
            }
        }
    }
}
