import DBCore
import Foundation
import Testing
import TestSupport

/// CVE-2018-1058 as it reaches a monitoring tool: whoever owns an application's database
/// can make functions and operators in its schemas that stand in for built-in ones, and
/// anyone whose queries resolve them runs that code with their own rights (dbops often
/// runs as a superuser). Health, index-usage, analyze, snapshot and backup read the catalogs
/// under search_path = pg_catalog, as pg_dump does, so none of it runs.
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
}
