import DBCore
import Foundation
import Testing
import TestSupport

/// CVE-2018-1058 as it reaches a monitoring tool: whoever owns an application's database
/// can make functions and operators in its schemas that stand in for built-in ones, and
/// anyone whose queries resolve them runs that code with their own rights (dbops often
/// runs as a superuser). Health, index-usage, analyze, snapshot, analytics and backup read
/// under search_path = pg_catalog, as pg_dump does, so none of it runs; every other session
/// (cleanup, archive, partitions, restore) keeps the database's path with pg_catalog searched
/// first, so the application's triggers still find their tables and no copy of a built-in
/// wins.
@Suite("PostgreSQL: functions and operators a database's owner made never stand in for built-ins")
struct ShadowedBuiltinsTests {
    /// Each raises, naming itself, if anything calls it.
    static let shadows = """
        CREATE FUNCTION public.dbops_shadowed(what text) RETURNS bigint LANGUAGE plpgsql AS
          $$ BEGIN RAISE EXCEPTION 'dbops_shadowed %', what; END $$;
        -- Better matches than the built-ins for what catalog queries pass (oid for regclass, name for text).
        CREATE FUNCTION public.pg_relation_size(oid) RETURNS bigint LANGUAGE sql AS $$ SELECT public.dbops_shadowed('pg_relation_size(oid)') $$;
        CREATE FUNCTION public.pg_total_relation_size(oid) RETURNS bigint LANGUAGE sql AS $$ SELECT public.dbops_shadowed('pg_total_relation_size(oid)') $$;
        CREATE FUNCTION public.pg_table_size(oid) RETURNS bigint LANGUAGE sql AS $$ SELECT public.dbops_shadowed('pg_table_size(oid)') $$;
        CREATE FUNCTION public.pg_indexes_size(oid) RETURNS bigint LANGUAGE sql AS $$ SELECT public.dbops_shadowed('pg_indexes_size(oid)') $$;
        CREATE FUNCTION public.quote_ident(name) RETURNS text LANGUAGE sql AS $$ SELECT public.dbops_shadowed('quote_ident(name)')::text $$;
        CREATE FUNCTION public.length(name) RETURNS integer LANGUAGE sql AS $$ SELECT public.dbops_shadowed('length(name)')::integer $$;
        -- Exact matches, which win once the database lists public before pg_catalog.
        CREATE FUNCTION public.set_config(text, text, boolean) RETURNS text LANGUAGE sql AS $$ SELECT public.dbops_shadowed('set_config')::text $$;
        CREATE FUNCTION public.current_setting(text) RETURNS text LANGUAGE sql AS $$ SELECT public.dbops_shadowed('current_setting')::text $$;
        CREATE FUNCTION public.shadow_oideq(oid, oid) RETURNS boolean LANGUAGE sql AS $$ SELECT public.dbops_shadowed('oid = oid') > 0 $$;
        CREATE OPERATOR public.= (LEFTARG = oid, RIGHTARG = oid, FUNCTION = public.shadow_oideq);
        """

    @Test(
        "health, index-usage, analyze, snapshot and backup run none of them, even with public before pg_catalog on the database's path"
    )
    func shadowedBuiltins() throws {
        try ScratchDatabase.with(.postgres, prefix: "shadow") { scratch in
            let setup = try scratch.connect()
            try setup.executeScript(
                """
                CREATE TABLE parent (id int PRIMARY KEY, label varchar(20));
                INSERT INTO parent SELECT g, 'p' || g FROM generate_series(1, 3) g;
                CREATE TABLE child (id int PRIMARY KEY, parent_id int REFERENCES parent (id));
                INSERT INTO child SELECT g, g FROM generate_series(1, 3) g;
                CREATE TABLE events (id int, at date NOT NULL) PARTITION BY RANGE (at);
                CREATE TABLE events_2026 PARTITION OF events FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');
                INSERT INTO events VALUES (1, '2026-05-01');
                ANALYZE
                """)
            try setup.executeScript(Self.shadows)
            try setup.executeScript("ALTER DATABASE \(scratch.name) SET search_path = public, pg_catalog")
            setup.close()

            try withTemporaryDirectory { folder in
                // The operator's own check still finds its table on the database's path.
                let config = folder + "/dbops.toml"
                try "[checks.parents]\npostgres = \"SELECT count(*) FROM parent\"\n".write(
                    toFile: config, atomically: true, encoding: .utf8)
                let environment = ["DBOPS_URL": try scratch.url]

                let health = try DBOpsProcess.run(
                    ["health", "--config", config, "--format", "json"], environment: environment)
                #expect(
                    !health.stdout.contains("dbops_shadowed") && !health.stderr.contains("dbops_shadowed"), "\(health)")
                let object = try #require(try JSONSerialization.jsonObject(with: health.stdoutData) as? [String: Any])
                let checks = object["checks"] as? [[String: Any]] ?? []
                let size = try #require(checks.first { $0["name"] as? String == "database_size" })
                #expect(size["status"] as? String == "ok" && (size["value"] as? Double ?? 0) > 0, "\(size)")
                let parents = try #require(checks.first { $0["name"] as? String == "parents" })
                #expect(parents["value"] as? Double == 3, "\(parents)")

                let indexUsage = try DBOpsProcess.run(["index-usage"], environment: environment)
                #expect(indexUsage.exitCode == 0 && !indexUsage.stderr.contains("dbops_shadowed"), "\(indexUsage)")
                #expect(indexUsage.stdout.contains("child_parent_id_fkey"), "the unindexed foreign key: \(indexUsage)")

                for job in [["analyze", "--table", "parent"], ["snapshot", "--history", folder + "/history.db"]] {
                    let run = try DBOpsProcess.run(job, environment: environment)
                    #expect(run.exitCode == 0 && !(run.stdout + run.stderr).contains("dbops_shadowed"), "\(run)")
                }

                let backup = try DBOpsProcess.run(["backup", "-o", folder + "/b"], environment: environment)
                #expect(backup.exitCode == 0 && !backup.stderr.contains("dbops_shadowed"), "\(backup)")
                let verify = try DBOpsProcess.run(["verify", folder + "/b"])
                #expect(verify.exitCode == 0, "\(verify)")
                let manifest = try #require(
                    try JSONSerialization.jsonObject(
                        with: Data(contentsOf: URL(fileURLWithPath: folder + "/b/manifest.json")))
                        as? [String: Any])
                var rows: [String: Int] = [:]
                for table in manifest["tables"] as? [[String: Any]] ?? [] {
                    rows[table["name"] as? String ?? ""] = table["rows"] as? Int
                }
                #expect(rows == ["parent": 3, "child": 3, "events_2026": 1], "\(rows)")
            }
        }
    }

    /// Exact copies of built-ins the jobs' statements call, and aggregates over integers
    /// that fit an application's integer columns better than count("any") and
    /// array_agg(anynonarray) do.
    static let jobShadows = """
        CREATE FUNCTION public.now() RETURNS timestamptz LANGUAGE sql AS $$ SELECT pg_catalog.now() + public.dbops_shadowed('now()') * interval '1 s' $$;
        CREATE FUNCTION public.to_regclass(text) RETURNS regclass LANGUAGE sql AS $$ SELECT public.dbops_shadowed('to_regclass')::oid::regclass $$;
        CREATE FUNCTION public.quote_ident(text) RETURNS text LANGUAGE sql AS $$ SELECT public.dbops_shadowed('quote_ident(text)')::text $$;
        CREATE FUNCTION public.shadow_int4lt(integer, integer) RETURNS boolean LANGUAGE sql AS $$ SELECT public.dbops_shadowed('integer < integer') > 0 $$;
        CREATE OPERATOR public.< (LEFTARG = integer, RIGHTARG = integer, FUNCTION = public.shadow_int4lt);
        CREATE FUNCTION public.shadow_tzlt(timestamptz, timestamptz) RETURNS boolean LANGUAGE sql AS $$ SELECT public.dbops_shadowed('timestamptz < timestamptz') > 0 $$;
        CREATE OPERATOR public.< (LEFTARG = timestamptz, RIGHTARG = timestamptz, FUNCTION = public.shadow_tzlt);
        CREATE FUNCTION public.shadow_step(bigint, integer) RETURNS bigint LANGUAGE sql AS $$ SELECT public.dbops_shadowed('an aggregate over integer') $$;
        CREATE AGGREGATE public.count(integer) (sfunc = public.shadow_step, stype = bigint);
        CREATE AGGREGATE public.sum(integer) (sfunc = public.shadow_step, stype = bigint);
        CREATE FUNCTION public.shadow_collect(integer[], integer) RETURNS integer[] LANGUAGE sql AS $$ SELECT ARRAY[public.dbops_shadowed('array_agg(integer)')::integer] $$;
        CREATE AGGREGATE public.array_agg(integer) (sfunc = public.shadow_collect, stype = integer[]);
        """

    @Test(
        "cleanup, archive, partitions and analytics run none of them either, and the application's triggers still find their tables"
    )
    func jobsRunNoShadows() throws {
        try ScratchDatabase.with(.postgres, prefix: "shadowjobs") { scratch in
            let setup = try scratch.connect()
            try setup.executeScript(
                """
                CREATE TABLE audit_log (id bigserial PRIMARY KEY, what text NOT NULL);
                -- As the seeds' audit_trigger: its table named without a schema.
                CREATE FUNCTION audit() RETURNS trigger LANGUAGE plpgsql AS
                  $$ BEGIN INSERT INTO audit_log (what) VALUES (TG_TABLE_NAME); RETURN OLD; END $$;
                CREATE TABLE tokens (id int PRIMARY KEY, valid_until timestamptz NOT NULL);
                INSERT INTO tokens SELECT g, now() - interval '2 days' + g * interval '1 hour' - interval '30 minutes'
                FROM generate_series(1, 60) g;
                CREATE TRIGGER tokens_audit AFTER DELETE ON tokens FOR EACH ROW EXECUTE FUNCTION audit();
                CREATE TABLE orders (id int PRIMARY KEY, placed_at timestamptz NOT NULL, customer_id int NOT NULL,
                                     total int NOT NULL, country text NOT NULL, items int NOT NULL);
                INSERT INTO orders SELECT g, now() - g * interval '1 hour' - interval '30 minutes', g % 7, g, 'c' || g % 3, 1
                FROM generate_series(1, 200) g;
                CREATE TRIGGER orders_audit AFTER DELETE ON orders FOR EACH ROW EXECUTE FUNCTION audit();
                CREATE TABLE events (id int, at date NOT NULL) PARTITION BY RANGE (at);
                CREATE TABLE events_2026 PARTITION OF events FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');
                ANALYZE
                """)
            try setup.executeScript(Self.shadows + "\n" + Self.jobShadows)
            try setup.executeScript("ALTER DATABASE \(scratch.name) SET search_path = public, pg_catalog")
            setup.close()

            try withTemporaryDirectory { folder in
                let config = folder + "/dbops.toml"
                try """
                [cleanup.rules.tokens]
                table = "tokens"
                column = "valid_until"

                [archive.rules.orders]
                table = "orders"
                time_column = "placed_at"
                older_than = "5d"

                [partitions.rules.events]
                table = "events"
                premake = 1

                [analytics.profiles.shop]
                detect = ["orders"]
                cost = { table = "orders", time = "placed_at", user = "customer_id", value = "total", unit = "EUR", dimensions = { country = "country" }, default_by = "country", count = "items" }
                latency = { table = "orders", time = "placed_at", value = "total", unit = "ms", dimensions = { country = "country" } }
                dau = { table = "orders", time = "placed_at", user = "customer_id" }
                """.write(toFile: config, atomically: true, encoding: .utf8)
                let environment = ["DBOPS_URL": try scratch.url]
                func run(_ arguments: [String]) throws -> DBOpsProcess.Result {
                    let run = try DBOpsProcess.run(arguments + ["--config", config], environment: environment)
                    #expect(run.exitCode == 0 && !(run.stdout + run.stderr).contains("dbops_shadowed"), "\(run)")
                    return run
                }

                // Analytics first, while every order is live: 200 orders of 7 customers.
                let dau = try run(["analytics", "dau", "--since", "30d", "--format", "json"])
                let users = (try? JSONSerialization.jsonObject(with: dau.stdoutData)) as? [String: Any]
                #expect((users?["range"] as? [String: Any])?["active_users"] as? Int == 7, "\(dau.stdout)")
                for metric in ["cost", "latency"] {
                    let report = try run(["analytics", metric, "--since", "30d", "--format", "json"])
                    #expect(report.stdout.contains("\"c2\""), "\(report.stdout)")
                }

                _ = try run(["cleanup"])
                _ = try run(["archive"])
                _ = try run(["partitions"])
            }

            let check = try scratch.connect()
            defer { check.close() }
            let counts = try check.query(
                """
                SELECT (SELECT count(*) FROM tokens) AS tokens, (SELECT count(*) FROM orders) AS orders,
                       (SELECT count(*) FROM orders_archive) AS archived,
                       (SELECT count(*) FROM audit_log WHERE what = 'tokens') AS tokens_audited,
                       (SELECT count(*) FROM audit_log WHERE what = 'orders') AS orders_audited,
                       (SELECT count(*) FROM pg_inherits WHERE inhparent = 'events'::regclass) AS partitions
                """
            ).first
            // 48 tokens expired (the 49th expires half an hour from now); 81 orders are older than five days.
            #expect(
                counts?.int64("tokens") == 12 && counts?.int64("tokens_audited") == 48, "\(String(describing: counts))")
            #expect(
                counts?.int64("orders") == 119 && counts?.int64("archived") == 81
                    && counts?.int64("orders_audited") == 81, "\(String(describing: counts))")
            #expect(counts?.int64("partitions") == 2, "2027 made ready: \(String(describing: counts))")
        }
    }
}
