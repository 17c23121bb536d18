import Backup
import DBCore
import Foundation
import Testing
import TestSupport

/// `restore --create` makes the database, as pg_restore --create does; it left out what
/// pg_restore --create also gives it: the source database's settings (its search_path,
/// statement_timeout, a role's settings in it), comment and grants. An application whose
/// database sets its search_path came back unable to find its tables.
@Suite("Restore --create: the database's own settings, comment and grants")
struct DatabasePropertiesTests {
    /// The database's settings (role "" for ALTER DATABASE ... SET), comment and grants.
    static func properties(_ database: String, _ admin: DatabaseConnection) throws -> [String] {
        let settings = try admin.query(
            """
            SELECT coalesce(r.rolname, '') || ':' || array_to_string(s.setconfig, '|') AS line
            FROM pg_db_role_setting s JOIN pg_database d ON d.oid = s.setdatabase
            LEFT JOIN pg_roles r ON r.oid = s.setrole WHERE d.datname = $1 ORDER BY 1
            """, [.text(database)]
        ).rows.compactMap { $0["line"] ?? nil }
        let comment = try admin.scalar(
            "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = $1", [.text(database)])
        let grants = try admin.scalar(
            "SELECT array_to_string(array(SELECT unnest(datacl)::text ORDER BY 1), ' ') FROM pg_database WHERE datname = $1",
            [.text(database)])
        return settings + ["comment: \(comment ?? "none")", "grants: \(grants ?? "none")"]
    }

    /// A backup of `source` in `folder`/b, restored with --create as `target`, quietly.
    static func backUpAndCreate(_ source: ScratchDatabase, as target: String, in folder: String) throws {
        let backup = try DBOpsProcess.run(["backup", "-o", folder + "/b"], environment: ["DBOPS_URL": try source.url])
        #expect(backup.exitCode == 0, "\(backup)")
        let restore = try DBOpsProcess.run(
            ["restore", "--create", folder + "/b"],
            environment: ["DBOPS_URL": try TestServers.url(source.engine, database: target)])
        #expect(restore.exitCode == 0 && restore.stderr.isEmpty, "\(restore)")
    }

    @Test("A database restore --create makes gets the source's settings, comment and grants under its own name")
    func createCarriesTheProperties() throws {
        try ScratchDatabase.with(.postgres, prefix: "Props-Src") { source in
            let seed = try source.connect()
            try seed.executeScript(
                "CREATE SCHEMA app; CREATE TABLE app.t (id int PRIMARY KEY); INSERT INTO app.t VALUES (1)")
            seed.close()
            let admin = try TestServers.connect(.postgres)
            defer { admin.close() }
            let quoted = admin.dialect.quote(source.name)
            for statement in [
                "ALTER DATABASE \(quoted) SET search_path = app, public",
                "ALTER DATABASE \(quoted) SET statement_timeout = '7s'",
                "ALTER DATABASE \(quoted) SET default_transaction_read_only = on",
                "ALTER ROLE CURRENT_USER IN DATABASE \(quoted) SET work_mem = '5MB'",
                "COMMENT ON DATABASE \(quoted) IS 'it''s the app; DATABASE \(source.name) -- not a comment'",
                "REVOKE TEMPORARY ON DATABASE \(quoted) FROM PUBLIC",
            ] { try admin.execute(statement) }
            let expected = try Self.properties(source.name, admin)
            #expect(expected.count == 4, "\(expected)")
            let targets = [
                "dbops_props.dst_\(UUID().uuidString.prefix(8).lowercased())",
                "dbops_props_np_\(UUID().uuidString.prefix(8).lowercased())",
            ]
            defer {
                for target in targets {
                    try? admin.execute("DROP DATABASE IF EXISTS \(admin.dialect.quote(target)) WITH (FORCE)")
                }
            }
            try withTemporaryDirectory { folder in
                try Self.backUpAndCreate(source, as: targets[0], in: folder)
                #expect(try Self.properties(targets[0], admin) == expected)
                // The rows came in before the settings (default_transaction_read_only).
                let target = try TestServers.connect(.postgres, database: targets[0])
                defer { target.close() }
                #expect(try target.scalar("SELECT count(*) FROM t") == "1", "found through the restored search_path")

                // --no-privileges leaves the grants out, as pg_restore's does.
                let bare = try DBOpsProcess.run(
                    ["restore", "--create", "--no-privileges", folder + "/b"],
                    environment: ["DBOPS_URL": try TestServers.url(.postgres, database: targets[1])])
                #expect(bare.exitCode == 0, "\(bare)")
                let withoutGrants = try Self.properties(targets[1], admin)
                #expect(
                    withoutGrants.prefix(3) == expected.prefix(3) && withoutGrants.last == "grants: ",
                    "\(withoutGrants)")
            }
        }
    }

    /// MySQL/MariaDB: the database was made with the server's default character set, so a
    /// table the application creates later without its own got another one than before.
    @Test(
        "MySQL/MariaDB: a database restore --create makes gets the source's default character set, collation and comment"
    )
    func createCarriesTheDefaults() throws {
        try ScratchDatabase.with(
            .mysql, prefix: "defsrc",
            options: "CHARACTER SET latin1 COLLATE latin1_german1_ci COMMENT 'it''s \\\\ ours; -- yes'"
        ) {
            source in
            let seed = try source.connect()
            try seed.executeScript("CREATE TABLE t (id INT PRIMARY KEY, v VARCHAR(10)); INSERT INTO t VALUES (1, 'x')")
            seed.close()
            let admin = try TestServers.connect(.mysql)
            defer { admin.close() }
            let target = "dbops_defdst_\(UUID().uuidString.prefix(8).lowercased())"
            defer { try? admin.execute("DROP DATABASE IF EXISTS \(admin.dialect.quote(target))") }
            try withTemporaryDirectory { folder in
                try Self.backUpAndCreate(source, as: target, in: folder)
                let row = try admin.query(
                    "SELECT DEFAULT_CHARACTER_SET_NAME AS c, DEFAULT_COLLATION_NAME AS o, SCHEMA_COMMENT AS m FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = ?",
                    [.text(target)]
                ).rows.first
                #expect(row?["c"] == "latin1" && row?["o"] == "latin1_german1_ci", "\(String(describing: row))")
                #expect(row?["m"] == "it's \\ ours; -- yes", "the comment (MariaDB): \(String(describing: row))")
            }
        }
    }
}
