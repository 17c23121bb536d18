import Backup
import Crypto
import DBCore
import Foundation
import Testing
import TestSupport

/// `restore --table` of a table the target lacks (dropped by mistake): created from the
/// backup's schema with everything a whole restore gives it, its rows loaded before its
/// triggers exist, or, when its rows cannot follow, not created at all.
@Suite("Restore --table of a missing table")
struct MissingTableTests {
    /// A trigger that is not idempotent: had it fired while the rows were loaded, every
    /// value would end in a second "!".
    static func schema(_ engine: Engine) -> String {
        switch engine {
        case .postgres:
            return """
                CREATE SCHEMA app;
                CREATE FUNCTION app.mark() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN NEW.v := NEW.v || '!'; RETURN NEW; END$$;
                CREATE TABLE app.parent (id int PRIMARY KEY);
                INSERT INTO app.parent SELECT generate_series(1, 10);
                CREATE TABLE app."Odd T" (
                    id bigserial PRIMARY KEY, pid int REFERENCES app.parent (id), v text CHECK (length(v) < 100),
                    ident int GENERATED ALWAYS AS IDENTITY, code text UNIQUE);
                CREATE INDEX "odd idx" ON app."Odd T" (lower(v)) WHERE v IS NOT NULL;
                CREATE TRIGGER mark BEFORE INSERT ON app."Odd T" FOR EACH ROW EXECUTE FUNCTION app.mark();
                CREATE RULE quiet AS ON UPDATE TO app."Odd T" WHERE false DO INSTEAD NOTHING;
                ALTER TABLE app."Odd T" ENABLE ROW LEVEL SECURITY;
                CREATE POLICY everyone ON app."Odd T" USING (true);
                COMMENT ON TABLE app."Odd T" IS 'odd';
                COMMENT ON COLUMN app."Odd T".v IS 'vee';
                GRANT SELECT ON app."Odd T" TO PUBLIC;
                INSERT INTO app."Odd T" (pid, v, code) SELECT g % 10 + 1, 'v' || g, 'c' || g FROM generate_series(1, 200) g;
                -- A key into it, which DROP TABLE ... CASCADE takes with the table.
                CREATE TABLE app.child (id int PRIMARY KEY, odd bigint REFERENCES app."Odd T" (id));
                INSERT INTO app.child SELECT g, g FROM generate_series(1, 50) g;
                -- Every entry of "Odd T" starts with "Odd ": they are not this table's.
                CREATE TABLE app."Odd" (id serial PRIMARY KEY, v text);
                CREATE TRIGGER mark BEFORE INSERT ON app."Odd" FOR EACH ROW EXECUTE FUNCTION app.mark();
                INSERT INTO app."Odd" (v) SELECT 'o' || g FROM generate_series(1, 20) g;
                CREATE TABLE app."new
                line" (id int PRIMARY KEY, v text);
                INSERT INTO app."new
                line" SELECT g, 'n' || g FROM generate_series(1, 5) g;
                -- Its key into "Odd T" is the partitioned table's (no rows of its own, so no table of the backup).
                CREATE TABLE app.events (id bigint, at date NOT NULL, odd bigint REFERENCES app."Odd T" (id), PRIMARY KEY (id, at))
                    PARTITION BY RANGE (at);
                CREATE TABLE app.events_2025 PARTITION OF app.events FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
                CREATE TABLE app.events_2026 PARTITION OF app.events FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');
                CREATE INDEX ON app.events (at);
                INSERT INTO app.events SELECT g, date '2025-06-01' + g, g % 200 + 1 FROM generate_series(1, 300) g;
                -- A schema of its own, which DROP SCHEMA ... CASCADE takes with its table,
                -- its functions, types, domain, a sequence no table owns, an extension, and
                -- the trigger and policy of another table (app.parent) that use its function.
                CREATE SCHEMA "lost s";
                COMMENT ON SCHEMA "lost s" IS 'lost';
                GRANT USAGE ON SCHEMA "lost s" TO PUBLIC;
                CREATE EXTENSION "uuid-ossp" SCHEMA "lost s";
                CREATE TYPE "lost s"."Mood" AS ENUM ('calm', 'odd');
                CREATE DOMAIN "lost s".short AS text CHECK (length(VALUE) < 50);
                CREATE SEQUENCE "lost s".tickets START 100;
                SELECT setval('"lost s".tickets', 4711);
                CREATE FUNCTION "lost s".ok(int) RETURNS boolean LANGUAGE sql IMMUTABLE AS 'SELECT $1 > 0';
                COMMENT ON FUNCTION "lost s".ok(int) IS 'positive';
                REVOKE EXECUTE ON FUNCTION "lost s".ok(int) FROM PUBLIC;
                CREATE FUNCTION "lost s".same() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN RETURN NEW; END$$;
                CREATE TABLE "lost s".t (
                    id serial PRIMARY KEY, v "lost s".short, mood "lost s"."Mood" DEFAULT 'calm',
                    ticket bigint DEFAULT nextval('"lost s".tickets'), tag uuid DEFAULT "lost s".uuid_generate_v4());
                CREATE TRIGGER same BEFORE UPDATE ON "lost s".t FOR EACH ROW EXECUTE FUNCTION "lost s".same();
                INSERT INTO "lost s".t (v) SELECT 'l' || g FROM generate_series(1, 30) g;
                CREATE TRIGGER "lost same" BEFORE UPDATE ON app.parent FOR EACH ROW EXECUTE FUNCTION "lost s".same();
                CREATE POLICY "lost ok" ON app.parent USING ("lost s".ok(id));
                -- And another table's default drawing on its sequence.
                ALTER TABLE app.child ADD COLUMN ticket bigint DEFAULT nextval('"lost s".tickets');
                """
        case .mysql:
            return """
                CREATE TABLE parent (id INT PRIMARY KEY);
                INSERT INTO parent SELECT seq FROM seq_1_to_10;
                CREATE TABLE `Odd T` (
                    id BIGINT AUTO_INCREMENT PRIMARY KEY, pid INT, v VARCHAR(100), code VARCHAR(20) UNIQUE,
                    KEY `odd idx` (v), CONSTRAINT `odd fk` FOREIGN KEY (pid) REFERENCES parent (id));
                CREATE TRIGGER mark BEFORE INSERT ON `Odd T` FOR EACH ROW SET NEW.v = CONCAT(NEW.v, '!');
                INSERT INTO `Odd T` (pid, v, code) SELECT seq % 10 + 1, CONCAT('v', seq), CONCAT('c', seq) FROM seq_1_to_200;
                -- A key into it, which outlives its DROP (foreign_key_checks off).
                CREATE TABLE child (id INT PRIMARY KEY, odd BIGINT, CONSTRAINT child_odd FOREIGN KEY (odd) REFERENCES `Odd T` (id));
                INSERT INTO child SELECT seq, seq FROM seq_1_to_50;
                CREATE TABLE `Odd` (id INT AUTO_INCREMENT PRIMARY KEY, v TEXT);
                CREATE TRIGGER `Odd mark` BEFORE INSERT ON `Odd` FOR EACH ROW SET NEW.v = CONCAT(NEW.v, '!');
                INSERT INTO `Odd` (v) SELECT CONCAT('o', seq) FROM seq_1_to_20;
                """
        }
    }

    /// A scratch database holding the schema above, backed up: `body` gets the database, a
    /// session on it and the backup's folder.
    static func backedUp(
        _ engine: Engine, prefix: String, _ body: (ScratchDatabase, DatabaseConnection, String) throws -> Void
    ) throws {
        try ScratchDatabase.with(engine, prefix: prefix) { database in
            let connection = try database.connect()
            defer { connection.close() }
            try connection.executeScript(schema(engine))
            try withTemporaryDirectory { folder in
                let backup = folder + "/b"
                _ = try BackupRunner.run(try database.config, options: BackupOptions(output: backup))
                try body(database, connection, backup)
            }
        }
    }

    static func drops(_ engine: Engine) -> String {
        engine == .postgres
            ? "DROP TABLE app.\"Odd T\" CASCADE; DROP TABLE app.\"Odd\"; DROP TABLE app.\"new\nline\"; DROP TABLE app.events_2025; DROP SCHEMA \"lost s\" CASCADE"
            : "SET foreign_key_checks = 0; DROP TABLE `Odd T`; SET foreign_key_checks = 1; DROP TABLE `Odd`"
    }

    @Test(
        "A dropped table comes back whole: definition, rows, keys, triggers (not fired on its rows), sequences",
        arguments: Engine.allCases)
    func recreated(_ engine: Engine) throws {
        try Self.backedUp(engine, prefix: "miss") { database, connection, backup in
            let schema = try IndependentChecks.schemaText(engine, database: database.name)
            let sums = try IndependentChecks.tableChecksums(engine, database: database.name)
            let counters = try IndependentChecks.counters(engine, database: database.name)
            try connection.executeScript(Self.drops(engine))
            let tables =
                engine == .postgres ? ["app.Odd*", "app.new\nline", "app.events_2025", "lost s.t"] : ["Odd*"]
            let result = try DBOpsProcess.run(
                ["restore"] + tables.flatMap { ["--table", $0] } + [backup],
                environment: ["DBOPS_URL": try database.url])
            #expect(result.exitCode == 0, "\(result)")
            #expect(result.stderr.contains("warning: created"), "\(result.stderr)")
            if engine == .postgres {
                #expect(result.stderr.contains("with 2 foreign key(s) of other tables"), "\(result.stderr)")
                #expect(
                    result.stderr.contains(
                        "and schema lost s, created first with 1 domain, 1 extension, 2 functions, 1 sequence, 1 type"),
                    "\(result.stderr)")
                #expect(
                    result.stderr.contains(
                        "and 3 column default(s), trigger(s) and polic(ies) of other tables that use them"),
                    "\(result.stderr)")
            }
            #expect(try IndependentChecks.schemaText(engine, database: database.name) == schema)
            #expect(try IndependentChecks.tableChecksums(engine, database: database.name) == sums)
            #expect(try IndependentChecks.counters(engine, database: database.name) == counters)
            // The trigger is back, and fires on the application's next row.
            try connection.executeScript(
                engine == .postgres
                    ? "INSERT INTO app.\"Odd T\" (pid, v, code) VALUES (1, 'new', 'new')"
                    : "INSERT INTO `Odd T` (pid, v, code) VALUES (1, 'new', 'new')")
            let table = engine == .postgres ? "app.\"Odd T\"" : "`Odd T`"
            #expect(try connection.scalar("SELECT v FROM \(table) WHERE code = 'new'") == "new!")
            #expect(try connection.scalar("SELECT count(*) FROM \(table) WHERE v LIKE '%!!'") == "0")
        }
    }

    @Test(
        "A missing table whose rows cannot follow (a parent row gone) is not left behind, empty or half-built",
        arguments: Engine.allCases)
    func rolledBack(_ engine: Engine) throws {
        try Self.backedUp(engine, prefix: "missrb") { database, connection, backup in
            let (table, parent) = engine == .postgres ? ("app.\"Odd T\"", "app.parent") : ("`Odd T`", "parent")
            try connection.executeScript(
                engine == .postgres
                    ? "DROP TABLE \(table) CASCADE; DELETE FROM \(parent) WHERE id = 3"
                    : "SET foreign_key_checks = 0; DROP TABLE \(table); SET foreign_key_checks = 1; DELETE FROM \(parent) WHERE id = 3"
            )
            let result = try DBOpsProcess.run(
                ["restore", "--table", engine == .postgres ? "app.Odd T" : "Odd T", backup],
                environment: ["DBOPS_URL": try database.url])
            #expect(result.exitCode == 1, "\(result)")
            #expect(result.stderr.contains("Odd T"), "\(result.stderr)")
            let left =
                engine == .postgres
                ? "SELECT count(*) FROM pg_class WHERE relname LIKE 'Odd T%'"
                : "SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND (TABLE_NAME = 'Odd T' OR TABLE_NAME LIKE '\\_dbops\\_new\\_%')"
            #expect(try connection.scalar(left) == "0", "neither the table nor its sequences or indexes stay")
        }
    }

    @Test(
        "PostgreSQL: a --table backup's table whose schema was dropped is refused naming the schema; once it exists, the table comes back"
    )
    func droppedSchemaOfTableBackup() throws {
        try ScratchDatabase.with(.postgres, prefix: "missch") { database in
            let connection = try database.connect()
            defer { connection.close() }
            try connection.executeScript(
                """
                CREATE SCHEMA app; CREATE TABLE app.t (id int PRIMARY KEY, v text);
                INSERT INTO app.t SELECT g, 'v' FROM generate_series(1, 50) g; CREATE TABLE kept (id int);
                """)
            try withTemporaryDirectory { folder in
                _ = try BackupRunner.run(
                    try database.config, options: BackupOptions(output: folder + "/b", include: ["app.t"]))
                try connection.executeScript("DROP SCHEMA app CASCADE")
                let environment = ["DBOPS_URL": try database.url]
                let refused = try DBOpsProcess.run(
                    ["restore", "--table", "app.t", folder + "/b"], environment: environment)
                #expect(refused.exitCode == 1, "\(refused)")
                #expect(
                    refused.stderr.contains("schema app is not in the target")
                        && refused.stderr.contains("create the schema"), "\(refused.stderr)")
                #expect(try connection.scalar("SELECT count(*) FROM pg_namespace WHERE nspname = 'app'") == "0")
                try connection.executeScript("CREATE SCHEMA app")
                let restored = try DBOpsProcess.run(
                    ["restore", "--table", "app.t", folder + "/b"], environment: environment)
                #expect(restored.exitCode == 0, "\(restored)")
                #expect(try connection.scalar("SELECT count(*) FROM app.t") == "50")
            }
        }
    }

    @Test("MySQL: a run killed while loading left its staging table, never the table: the next run starts again")
    func stagingLeftover() throws {
        try Self.backedUp(.mysql, prefix: "missst") { database, connection, backup in
            let sums = try IndependentChecks.tableChecksums(.mysql, database: database.name)
            // What a killed run leaves: the table still missing, half its rows under the
            // staging name (fixed for the table: _dbops_new_ and SHA-256 of its name).
            let staging =
                "_dbops_new_"
                + SHA256.hash(data: Data("Odd T".utf8)).map { String(format: "%02x", $0) }.joined()
                .prefix(16)
            try connection.executeScript(
                """
                SET foreign_key_checks = 0; DROP TABLE `Odd T`; SET foreign_key_checks = 1;
                CREATE TABLE `\(staging)` (id BIGINT PRIMARY KEY, v TEXT); INSERT INTO `\(staging)` VALUES (1, 'half')
                """)
            let result = try DBOpsProcess.run(
                ["restore", "--table", "Odd T", backup], environment: ["DBOPS_URL": try database.url])
            #expect(result.exitCode == 0, "\(result)")
            #expect(try IndependentChecks.tableChecksums(.mysql, database: database.name) == sums)
            #expect(
                try connection.scalar(
                    "SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME LIKE '\\_dbops%'"
                ) == "0")
            // The key of the table that outlived the drop holds on the table again.
            #expect(throws: DBError.self) { try connection.execute("INSERT INTO child VALUES (999, 999)") }
        }
    }

    @Test(
        "PostgreSQL: another table's key into the created one that rows added since the drop break is left out and said"
    )
    func brokenForeignKey() throws {
        try Self.backedUp(.postgres, prefix: "missfk") { database, connection, backup in
            let sums = try IndependentChecks.tableChecksums(.postgres, database: database.name)
            try connection.executeScript(
                "DROP TABLE app.\"Odd T\" CASCADE; INSERT INTO app.child VALUES (51, 9999)")
            let result = try DBOpsProcess.run(
                ["restore", "--table", "app.Odd T", backup], environment: ["DBOPS_URL": try database.url])
            #expect(result.exitCode == 0, "\(result)")
            #expect(
                result.stderr.contains("was not recreated") && result.stderr.contains("child_odd_fkey"),
                "\(result.stderr)")
            let after = try IndependentChecks.tableChecksums(.postgres, database: database.name)
            let key = "app.\"Odd T\""
            #expect(sums[key] != nil && after[key] == sums[key], "the table came back all the same")
            #expect(
                try connection.scalar("SELECT count(*) FROM pg_constraint WHERE conname = 'child_odd_fkey'") == "0")
        }
    }

    /// PostgreSQL: `database` backed up, `drop` run, then `restore --table table` of the
    /// backup, which must succeed: `body` gets its result and the schema text and table
    /// checksums from before the drop.
    static func droppedAndRestored(
        _ database: ScratchDatabase, _ connection: DatabaseConnection, drop: String, table: String,
        _ body: (DBOpsProcess.Result, String, [String: String]) throws -> Void
    ) throws {
        try withTemporaryDirectory { folder in
            _ = try BackupRunner.run(try database.config, options: BackupOptions(output: folder + "/b"))
            let schema = try IndependentChecks.schemaText(.postgres, database: database.name)
            let sums = try IndependentChecks.tableChecksums(.postgres, database: database.name)
            try connection.executeScript(drop)
            let result = try DBOpsProcess.run(
                ["restore", "--table", table, folder + "/b"], environment: ["DBOPS_URL": try database.url])
            #expect(result.exitCode == 0, "\(result)")
            try body(result, schema, sums)
        }
    }

    /// pg_restore --list ends each entry with its owner, spaces and all: a table owned by
    /// "app owner" was listed as "TABLE public t app owner", read as table "t app", and the
    /// restore said the backup held no definition of it. The views the drop took come
    /// back after it (they were only named before), with their owner, comment and grants,
    /// a materialized one with its index and rows.
    @Test(
        "PostgreSQL: a table whose owner's name holds spaces comes back owned by it, with the keys into it and the views the drop took; a view dropped on purpose is named"
    )
    func spacedOwner() throws {
        let role = "\"dbops owner \(UUID().uuidString.prefix(6).lowercased())\""
        let admin = try TestServers.connect(.postgres)
        defer { admin.close() }
        try admin.executeScript("CREATE ROLE \(role)")
        // After the scratch database, and what the role owned in it, is dropped.
        defer { _ = try? admin.executeScript("DROP ROLE \(role)") }
        try ScratchDatabase.with(.postgres, prefix: "missown") { database in
            let connection = try database.connect()
            defer { connection.close() }
            try connection.executeScript(
                """
                CREATE TABLE parent (id int PRIMARY KEY);
                INSERT INTO parent SELECT generate_series(1, 5);
                CREATE TABLE t (id int PRIMARY KEY, pid int REFERENCES parent (id), v text UNIQUE);
                INSERT INTO t SELECT g, g % 5 + 1, 'v' || g FROM generate_series(1, 40) g;
                CREATE TABLE child (id int PRIMARY KEY, tid int REFERENCES t (id));
                INSERT INTO child SELECT g, g FROM generate_series(1, 10) g;
                ALTER TABLE parent OWNER TO \(role);
                ALTER TABLE t OWNER TO \(role);
                ALTER TABLE child OWNER TO \(role);
                CREATE VIEW "t view" AS SELECT id, v FROM t;
                ALTER VIEW "t view" OWNER TO \(role);
                COMMENT ON VIEW "t view" IS 'tee';
                GRANT SELECT ON "t view" TO PUBLIC;
                -- A view of that view: it comes back after it.
                CREATE VIEW "t view 2" AS SELECT count(*) AS n FROM "t view";
                -- A materialized view comes back with its index and its rows.
                CREATE MATERIALIZED VIEW "t mat" AS SELECT pid, max(id) AS top FROM t GROUP BY pid;
                CREATE UNIQUE INDEX "t mat pid" ON "t mat" (pid);
                -- A view of parent alone, dropped on purpose: named, not made again.
                CREATE VIEW "parent v" AS SELECT id FROM parent;
                """)
            try Self.droppedAndRestored(
                database, connection, drop: "DROP TABLE t CASCADE; DROP VIEW \"parent v\"", table: "t"
            ) { result, schema, sums in
                #expect(
                    result.stderr.contains(
                        "with 1 foreign key(s) of other tables into it and the view(s) that read it: public.t mat, public.t view, public.t view 2"
                    ), "\(result.stderr)")
                #expect(
                    result.stderr.contains(
                        "the backup holds views the target lacks that restore --table does not create, as they read none of what it created: public.parent v"
                    ), "\(result.stderr)")
                #expect(try connection.scalar("SELECT sum(top) FROM \"t mat\"") == "190")
                try connection.executeScript("CREATE VIEW \"parent v\" AS SELECT id FROM parent")
                #expect(try IndependentChecks.schemaText(.postgres, database: database.name) == schema)
                #expect(try IndependentChecks.tableChecksums(.postgres, database: database.name) == sums)
            }
        }
    }

    /// pg_dump writes no CREATE SCHEMA for public (initdb makes it), so a restore of its
    /// tables after DROP SCHEMA public CASCADE said the backup held no definition of it; and
    /// the extensions, functions and types the CASCADE took did not come back with them.
    /// pg_dump writes a CHECK constraint inside its table's CREATE TABLE and an index as an
    /// entry of its own: a DROP SCHEMA ... CASCADE took those of other tables that call the
    /// schema's function, and `restore --table 'x.*'` brought back the function alone.
    @Test(
        "PostgreSQL: other tables' CHECK constraints and expression indexes that a DROP SCHEMA CASCADE took come back with it"
    )
    func otherTablesChecksAndIndexes() throws {
        try ScratchDatabase.with(.postgres, prefix: "misschk") { database in
            let connection = try database.connect()
            defer { connection.close() }
            try connection.executeScript(
                """
                CREATE SCHEMA x;
                CREATE FUNCTION x.ok(v int) RETURNS boolean IMMUTABLE LANGUAGE sql AS 'SELECT v > 0';
                CREATE TABLE x.u (id int PRIMARY KEY);
                CREATE TABLE public.t (id int PRIMARY KEY, v int CONSTRAINT v_ok CHECK (x.ok(v)), w text);
                CREATE INDEX t_expr ON public.t ((x.ok(id)));
                CREATE UNIQUE INDEX "odd ON name" ON public.t (id) WHERE x.ok(v);
                INSERT INTO public.t SELECT g, g, 'w' FROM generate_series(1, 20) g;
                CREATE SCHEMA "s p";
                CREATE TABLE "s p"."q r" (a int CHECK (x.ok(a)));
                CREATE INDEX "i i" ON "s p"."q r" (x.ok(a));
                -- A table the target will lack: its index is not tried.
                CREATE TABLE public.gone (a int);
                CREATE INDEX gone_ok ON public.gone (x.ok(a));
                """)
            try withTemporaryDirectory { folder in
                _ = try BackupRunner.run(try database.config, options: BackupOptions(output: folder + "/b"))
                try connection.executeScript("DROP TABLE public.gone")
                let schema = try IndependentChecks.schemaText(.postgres, database: database.name)
                let sums = try IndependentChecks.tableChecksums(.postgres, database: database.name)
                let restore = {
                    try DBOpsProcess.run(
                        ["restore", "--table", "x.*", folder + "/b"], environment: ["DBOPS_URL": try database.url])
                }
                try connection.executeScript("DROP SCHEMA x CASCADE")
                let result = try restore()
                #expect(result.exitCode == 0, "\(result)")
                #expect(
                    result.stderr.contains("with 5 check constraint(s) and index(es) of other tables that use it")
                        && !result.stderr.contains("not recreated"), "\(result.stderr)")
                #expect(try IndependentChecks.schemaText(.postgres, database: database.name) == schema)
                #expect(try IndependentChecks.tableChecksums(.postgres, database: database.name) == sums)

                // A row added since the drop breaks the CHECK: it is named, the rest comes back.
                try connection.executeScript("DROP SCHEMA x CASCADE; INSERT INTO public.t VALUES (21, -1, 'w')")
                let broken = try restore()
                #expect(broken.exitCode == 0, "\(broken)")
                #expect(
                    broken.stderr.contains("a check constraint of another table that uses x.u was not recreated"),
                    "\(broken.stderr)")
                #expect(
                    try connection.scalar(
                        "SELECT count(*) FROM pg_constraint WHERE conname IN ('v_ok', 'q r_a_check')") == "1")
                #expect(
                    try connection.scalar(
                        "SELECT count(*) FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid WHERE i.indisvalid AND c.relname IN ('t_expr', 'odd ON name', 'i i')"
                    ) == "3")
            }
        }
    }

    /// A column of a dropped schema's type goes with DROP SCHEMA ... CASCADE, values and
    /// all: restoring the schema cannot bring it back, and said nothing of it.
    @Test(
        "PostgreSQL: another table's column that a DROP SCHEMA CASCADE took is named, and its table's restore brings it back"
    )
    func droppedColumn() throws {
        try ScratchDatabase.with(.postgres, prefix: "misscol") { database in
            let connection = try database.connect()
            defer { connection.close() }
            try connection.executeScript(
                """
                CREATE SCHEMA x;
                CREATE TYPE x.mood AS ENUM ('glad', 'sad');
                CREATE TABLE x.u (id int PRIMARY KEY);
                CREATE SCHEMA "s p";
                CREATE TABLE "s p".m (id int PRIMARY KEY, "the feel" x.mood, note text);
                INSERT INTO "s p".m SELECT g, CASE WHEN g % 2 = 0 THEN 'glad'::x.mood ELSE 'sad' END, 'n'
                    FROM generate_series(1, 30) g;
                """)
            try withTemporaryDirectory { folder in
                _ = try BackupRunner.run(try database.config, options: BackupOptions(output: folder + "/b"))
                let schema = try IndependentChecks.schemaText(.postgres, database: database.name)
                let sums = try IndependentChecks.tableChecksums(.postgres, database: database.name)
                let restore = { (table: String) in
                    try DBOpsProcess.run(
                        ["restore", "--table", table, folder + "/b"], environment: ["DBOPS_URL": try database.url])
                }
                try connection.executeScript("DROP SCHEMA x CASCADE")
                let result = try restore("x.*")
                #expect(result.exitCode == 0, "\(result)")
                #expect(
                    result.stderr.contains(
                        "\"s p\".m lacks column \"the feel\", which the backup holds and which uses what this restore created"
                    ) && result.stderr.contains("restore --table 's p.m' after dropping the table"), "\(result.stderr)")
                // As the warning says: the table dropped and restored has the column back, values and all.
                try connection.executeScript("DROP TABLE \"s p\".m")
                let table = try restore("s p.m")
                #expect(table.exitCode == 0, "\(table)")
                #expect(try IndependentChecks.schemaText(.postgres, database: database.name) == schema)
                #expect(try IndependentChecks.tableChecksums(.postgres, database: database.name) == sums)
            }
        }
    }

    @Test(
        "PostgreSQL: after DROP SCHEMA public CASCADE its tables come back with the schema as initdb makes it, its extensions, functions and types"
    )
    func publicSchema() throws {
        try ScratchDatabase.with(.postgres, prefix: "misspub") { database in
            let connection = try database.connect()
            defer { connection.close() }
            try connection.executeScript(
                """
                CREATE EXTENSION pgcrypto;
                CREATE TYPE state AS ENUM ('new', 'done');
                CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN NEW.at := now(); RETURN NEW; END$$;
                CREATE TABLE jobs (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), s state NOT NULL, at timestamptz,
                    secret text DEFAULT encode(digest('x', 'sha256'), 'hex'));
                CREATE TRIGGER touch BEFORE UPDATE ON jobs FOR EACH ROW EXECUTE FUNCTION touch();
                INSERT INTO jobs (s) SELECT 'new' FROM generate_series(1, 25);
                -- Another schema's table, whose trigger uses public's function and whose
                -- default uses pgcrypto's, in public too: both go with the schema.
                CREATE SCHEMA other;
                CREATE TABLE other.t (id int PRIMARY KEY, at timestamptz, h text DEFAULT encode(public.digest('x', 'sha256'), 'hex'));
                CREATE TRIGGER touch BEFORE UPDATE ON other.t FOR EACH ROW EXECUTE FUNCTION public.touch();
                """)
            try Self.droppedAndRestored(database, connection, drop: "DROP SCHEMA public CASCADE", table: "public.*") {
                result, schema, sums in
                #expect(
                    result.stderr.contains("and schema public, created first with 1 extension, 1 function, 1 type")
                        && result.stderr.contains("with 2 column default(s), trigger(s) and polic(ies) of other tables"),
                    "\(result.stderr)")
                #expect(try IndependentChecks.schemaText(.postgres, database: database.name) == schema)
                #expect(try IndependentChecks.tableChecksums(.postgres, database: database.name) == sums)
                #expect(
                    try connection.scalar(
                        "SELECT nspowner::regrole::text || ' ' || nspacl::text || ' ' || obj_description(oid, 'pg_namespace') FROM pg_namespace WHERE nspname = 'public'"
                    )
                        == "pg_database_owner {pg_database_owner=UC/pg_database_owner,=U/pg_database_owner} standard public schema"
                )
                // The trigger is back on both tables.
                try connection.executeScript("INSERT INTO other.t VALUES (1, NULL); UPDATE other.t SET id = 2")
                #expect(try connection.scalar("SELECT at IS NOT NULL FROM other.t") == "t")
            }
        }
    }

    @Test(
        "PostgreSQL: naming a partitioned table reloads its partitions (it holds no rows of its own), or creates it with them"
    )
    func partitionedParent() throws {
        try Self.backedUp(.postgres, prefix: "misspart") { database, connection, backup in
            let sums = try IndependentChecks.tableChecksums(.postgres, database: database.name)
            try connection.executeScript("DELETE FROM app.events WHERE id % 3 = 0")
            let result = try DBOpsProcess.run(
                ["restore", "--table", "app.events", backup], environment: ["DBOPS_URL": try database.url])
            #expect(result.exitCode == 0, "\(result)")
            #expect(try IndependentChecks.tableChecksums(.postgres, database: database.name) == sums)
            // Dropped, it comes back with its partitions, its key into "Odd T" checked on their rows.
            let schema = try IndependentChecks.schemaText(.postgres, database: database.name)
            try connection.executeScript("DROP TABLE app.events")
            let created = try DBOpsProcess.run(
                ["restore", "--table", "app.events", backup], environment: ["DBOPS_URL": try database.url])
            #expect(created.exitCode == 0, "\(created)")
            #expect(created.stderr.contains("with the partitioned table app.events they belong to"), "\(created)")
            #expect(try IndependentChecks.schemaText(.postgres, database: database.name) == schema)
            #expect(try IndependentChecks.tableChecksums(.postgres, database: database.name) == sums)
        }
    }

    @Test(
        "PostgreSQL: what cannot be created is refused before anything changes: a partition without its parent, a backup that predates sequence owners"
    )
    func refusals() throws {
        try Self.backedUp(.postgres, prefix: "missno") { database, connection, backup in
            let restore = { (table: String, folder: String) in
                try DBOpsProcess.run(
                    ["restore", "--table", table, folder], environment: ["DBOPS_URL": try database.url])
            }
            // The partitioned parent holds no rows, so it is no table of the backup.
            try connection.executeScript("DROP TABLE app.events")
            let partition = try restore("app.events_2025", backup)
            #expect(partition.exitCode == 1, "\(partition)")
            #expect(
                partition.stderr.contains("app.events_2026, a partition of it, is not chosen"), "\(partition.stderr)")
            #expect(try connection.scalar("SELECT to_regclass('app.events_2025')::text") == nil)
            // The same backup as an older dbops wrote it: no owner recorded for any sequence.
            try BackupForgery.editManifest(backup) { manifest in
                manifest["sequences"] = (manifest["sequences"] as? [[String: Any]] ?? []).map {
                    $0.filter { $0.key != "owner_schema" && $0.key != "owner_table" }
                }
            }
            try connection.executeScript("DROP TABLE app.\"Odd T\" CASCADE")
            let legacy = try restore("app.Odd T", backup)
            #expect(legacy.exitCode == 1, "\(legacy)")
            #expect(
                legacy.stderr.contains("predates dbops' record of which table owns each sequence"), "\(legacy.stderr)")
            #expect(try connection.scalar("SELECT to_regclass('app.\"Odd T\"')::text") == nil)
            // Such a backup still reloads a table the target has.
            let plain = try restore("app.Odd", backup)
            #expect(plain.exitCode == 0, "\(plain)")
        }
    }

    @Test("A manifest's sequences say whether their owners were recorded: null for none, absent before")
    func sequenceOwners() throws {
        let decode = { (json: String) in try JSONDecoder().decode(SequenceValue.self, from: Data(json.utf8)) }
        let old = try decode(#"{"schema":"public","name":"s","last_value":3,"is_called":true}"#)
        #expect(!old.ownerRecorded && old.ownerTable == nil)
        let none = try decode(
            #"{"schema":"public","name":"s","last_value":3,"is_called":true,"owner_schema":null,"owner_table":null}"#)
        #expect(none.ownerRecorded && none.ownerTable == nil)
        let written = String(decoding: try JSONEncoder().encode(none), as: UTF8.self)
        #expect(written.contains(#""owner_table":null"#), "\(written)")
        let owned = try decode(
            #"{"schema":"public","name":"s","last_value":3,"is_called":true,"owner_schema":"app","owner_table":"t"}"#)
        #expect(owned.ownerRecorded && owned.ownerSchema == "app" && owned.ownerTable == "t")
    }
}
