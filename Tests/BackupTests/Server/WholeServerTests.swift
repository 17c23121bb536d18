import Backup
import DBCore
import Foundation
import Testing
import TestSupport

/// A whole server backed up with --all-databases (every database plus the globals:
/// roles, memberships, settings, privileges) and restored into a new, empty server, then
/// compared with the source by independent per-table checksums and the servers' own
/// lists of roles, accounts and grants.
@Suite("Whole-server backup and restore")
struct WholeServerTests {
    static let databases = ["wsb_a", "wsb_b"]
    /// A role named with what a list of statements split at ";\n" would cut in two.
    static let oddRole = "wsb Odd'name;\nx"

    @Test(
        "PostgreSQL: roles (with --role-passwords), memberships, settings, database owners, privileges, comments, connection limits, templates, rows"
    )
    func postgres() throws {
        try SoloServer.exclusively(.postgres) {
            let admin = try Database.connect(try SoloServer.config(.postgres, database: "postgres"))
            defer { admin.close() }
            // A template cannot be dropped: an earlier run's is made an ordinary one first.
            let untemplate = "UPDATE pg_catalog.pg_database SET datistemplate = false WHERE datname LIKE 'wsb%'"
            try admin.executeScript(untemplate)
            for database in Self.databases {
                try admin.executeScript("DROP DATABASE IF EXISTS \(database) WITH (FORCE)")
            }
            try admin.executeScript(
                """
                DROP ROLE IF EXISTS wsb_app; DROP ROLE IF EXISTS wsb_ro; DROP ROLE IF EXISTS "wsb Odd'name;
                x";
                CREATE ROLE wsb_ro NOLOGIN;
                CREATE ROLE wsb_app LOGIN PASSWORD 'wsb-secret-1' CONNECTION LIMIT 7 CREATEDB VALID UNTIL '2099-01-01';
                CREATE ROLE "wsb Odd'name;
                x" LOGIN;
                GRANT wsb_ro TO wsb_app WITH ADMIN OPTION;
                GRANT pg_monitor TO wsb_ro;
                ALTER ROLE wsb_app SET statement_timeout = '5s';
                ALTER ROLE wsb_app SET search_path = "$user", public;
                ALTER ROLE wsb_ro SET search_path = '';
                COMMENT ON ROLE wsb_ro IS 'read only'
                """)
            // CREATE DATABASE runs outside a transaction block: one statement a call.
            try admin.executeScript("CREATE DATABASE wsb_a OWNER wsb_app")
            try admin.executeScript("CREATE DATABASE wsb_b")
            // Two names one folder name would blur ("wsb h" and "wsb_h"): each its own backup.
            for name in ["wsb h", "wsb_h"] {
                try admin.executeScript("DROP DATABASE IF EXISTS \"\(name)\" WITH (FORCE)")
                try admin.executeScript("CREATE DATABASE \"\(name)\"")
                let one = try Database.connect(try SoloServer.config(.postgres, database: name))
                try one.executeScript(
                    "CREATE TABLE n (id int PRIMARY KEY, who text); INSERT INTO n SELECT g, '\(name)' FROM generate_series(1, \(name == "wsb h" ? 30 : 40)) g"
                )
                one.close()
            }
            // A template an application makes its databases from: kept, as pg_dumpall keeps it.
            try admin.executeScript("ALTER DATABASE wsb_h IS_TEMPLATE = true")
            // One that refuses connections cannot be backed up: named in a warning.
            try admin.executeScript("DROP DATABASE IF EXISTS closed_wsb")
            try admin.executeScript("CREATE DATABASE closed_wsb ALLOW_CONNECTIONS false")
            try admin.executeScript(
                """
                ALTER DATABASE wsb_b SET work_mem = '8MB';
                ALTER DATABASE wsb_b CONNECTION LIMIT 3;
                COMMENT ON DATABASE wsb_b IS 'the b''s database';
                REVOKE CONNECT ON DATABASE wsb_b FROM PUBLIC;
                GRANT CONNECT ON DATABASE wsb_b TO wsb_ro;
                GRANT CONNECT ON DATABASE wsb_b TO "wsb Odd'name;
                x";
                ALTER ROLE wsb_ro IN DATABASE wsb_b SET work_mem = '16MB'
                """)
            let a = try Database.connect(try SoloServer.config(.postgres, database: "wsb_a"))
            try a.executeScript(
                """
                CREATE TABLE t (id int PRIMARY KEY, v text);
                INSERT INTO t SELECT g, md5(g::text) FROM generate_series(1, 2000) g;
                GRANT SELECT ON t TO wsb_ro; ALTER TABLE t OWNER TO wsb_app
                """)
            a.close()
            let b = try Database.connect(try SoloServer.config(.postgres, database: "wsb_b"))
            try b.executeScript(
                "CREATE TABLE u (id int PRIMARY KEY, at timestamptz); INSERT INTO u SELECT g, now() FROM generate_series(1, 300) g"
            )
            b.close()
            defer {
                try? admin.executeScript(untemplate)
                for database in Self.databases + ["wsb h", "wsb_h", "closed_wsb"] {
                    try? admin.executeScript("DROP DATABASE IF EXISTS \"\(database)\" WITH (FORCE)")
                }
                try? admin.executeScript(
                    "DROP ROLE IF EXISTS wsb_app; DROP ROLE IF EXISTS wsb_ro; DROP ROLE IF EXISTS \"\(Self.oddRole)\"")
            }
            let listing = """
                SELECT string_agg(format('%s super=%s login=%s createdb=%s limit=%s until=%s config=%s pw=%s comment=%s',
                    r.rolname, r.rolsuper, r.rolcanlogin, r.rolcreatedb, r.rolconnlimit, r.rolvaliduntil,
                    (SELECT array_agg(c ORDER BY c) FROM unnest(r.rolconfig) c), a.rolpassword,
                    shobj_description(r.oid, 'pg_authid')), E'\\n' ORDER BY r.rolname)
                FROM pg_roles r JOIN pg_authid a ON a.oid = r.oid WHERE r.rolname LIKE 'wsb%'
                UNION ALL
                SELECT string_agg(format('%s in %s admin=%s', m.rolname, r.rolname, a.admin_option), E'\\n'
                                  ORDER BY m.rolname, r.rolname)
                FROM pg_auth_members a JOIN pg_roles r ON r.oid = a.roleid JOIN pg_roles m ON m.oid = a.member
                WHERE m.rolname LIKE 'wsb%'
                UNION ALL
                SELECT string_agg(format('%s owner=%s acl=%s limit=%s comment=%s template=%s', datname,
                    pg_get_userbyid(datdba), (SELECT array_agg(x::text ORDER BY x::text) FROM unnest(datacl) x),
                    datconnlimit, shobj_description(oid, 'pg_database'), datistemplate), E'\\n' ORDER BY datname)
                FROM pg_database WHERE datname LIKE 'wsb%'
                UNION ALL
                SELECT string_agg(format('%s/%s %s', d.datname, r.rolname,
                    (SELECT array_agg(c ORDER BY c) FROM unnest(s.setconfig) c)), E'\\n' ORDER BY d.datname, r.rolname)
                FROM pg_db_role_setting s LEFT JOIN pg_roles r ON r.oid = s.setrole
                LEFT JOIN pg_database d ON d.oid = s.setdatabase
                WHERE COALESCE(r.rolname, '') LIKE 'wsb%' OR d.datname LIKE 'wsb%'
                """
            // A setting for every role (neither a role nor a database): its NULL names failed
            // the globals' backup.
            try admin.executeScript("ALTER ROLE ALL SET lock_timeout = '7s'")
            defer { try? admin.executeScript("ALTER ROLE ALL RESET lock_timeout") }
            let everyRole = "SELECT setconfig::text FROM pg_db_role_setting WHERE setrole = 0 AND setdatabase = 0"
            try Self.roundTrip(
                .postgres, databases: Self.databases + ["wsb h", "wsb_h"], listing: listing,
                arguments: ["--role-passwords"]
            ) { globals in
                #expect(globals.roleNames.contains(Self.oddRole))
                #expect(!globals.roleNames.contains { $0.hasPrefix("pg_") }, "predefined roles are every server's own")
                #expect(
                    globals.warnings.contains { $0.hasPrefix("database closed_wsb does not allow connections") },
                    "\(globals.warnings)")
            } restored: { target in
                let setting = try target.scalar(everyRole)
                #expect(setting == "{lock_timeout=7s}")
            }
        }
    }

    @Test(
        "MariaDB: accounts, roles, grants, default roles, database character sets, rows; no password kept unless asked")
    func mariadb() throws {
        try SoloServer.exclusively(.mysql) {
            let admin = try Database.connect(try SoloServer.config(.mysql, database: "mysql"))
            defer { admin.close() }
            try admin.executeScript(
                """
                DROP DATABASE IF EXISTS wsb_a; DROP DATABASE IF EXISTS wsb_b;
                DROP USER IF EXISTS 'wsb_app'@'%', 'wsb_x'@'10.0.0.%'; DROP ROLE IF EXISTS wsb_ro;
                CREATE ROLE wsb_ro;
                CREATE USER 'wsb_app'@'%' IDENTIFIED BY 'wsb-secret-2' WITH MAX_USER_CONNECTIONS 9;
                CREATE USER 'wsb_x'@'10.0.0.%';
                CREATE DATABASE wsb_a CHARACTER SET latin1;
                CREATE DATABASE wsb_b CHARACTER SET utf8mb4 COLLATE utf8mb4_bin;
                GRANT SELECT ON wsb_a.* TO wsb_ro;
                GRANT wsb_ro TO 'wsb_app'@'%';
                SET DEFAULT ROLE wsb_ro FOR 'wsb_app'@'%';
                GRANT INSERT, UPDATE ON wsb_a.* TO 'wsb_app'@'%';
                CREATE TABLE wsb_a.t (id int PRIMARY KEY, v varchar(40));
                INSERT INTO wsb_a.t SELECT seq, MD5(seq) FROM seq_1_to_2000;
                CREATE TABLE wsb_b.u (id int PRIMARY KEY, at datetime(6));
                INSERT INTO wsb_b.u SELECT seq, NOW(6) FROM seq_1_to_300;
                GRANT SELECT (id) ON wsb_b.u TO 'wsb_x'@'10.0.0.%'
                """)
            defer {
                try? admin.executeScript(
                    "DROP DATABASE IF EXISTS wsb_a; DROP DATABASE IF EXISTS wsb_b; DROP USER IF EXISTS 'wsb_app'@'%', 'wsb_x'@'10.0.0.%'; DROP ROLE IF EXISTS wsb_ro"
                )
            }
            // A folder of the data directory no database made (lost+found, where the data
            // directory is a file system of its own): MariaDB lists it as #mysql50#lost+found.
            let stray = try #require(try admin.scalar("SELECT @@datadir")) + "/lost+found"
            try FileManager.default.createDirectory(atPath: stray, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(atPath: stray) }
            let hash = try #require(
                try admin.scalar("SELECT authentication_string FROM mysql.user WHERE User = 'wsb_app'"))
            // The accounts and what each holds, as the server lists them, less the password
            // (which a restore without --role-passwords does not carry by design).
            func listing(_ connection: DatabaseConnection) throws -> String {
                var lines: [String] = []
                for row in try connection.query(
                    "SELECT User, Host, is_role FROM mysql.user WHERE User LIKE 'wsb%' ORDER BY User, Host"
                ).rows {
                    let (user, host) = (row[0] ?? "", row[1] ?? "")
                    let account = row[2] == "Y" ? "`\(user)`" : "`\(user)`@`\(host)`"
                    lines.append("\(user)@\(host) role=\(row[2] ?? "")")
                    lines += try connection.query("SHOW GRANTS FOR \(account)").rows.compactMap { $0[0] }.map {
                        $0.replacingOccurrences(of: " IDENTIFIED BY PASSWORD '\(hash)'", with: "")
                    }.sorted()
                }
                for database in Self.databases {
                    lines += try connection.query("SHOW CREATE DATABASE \(database)").rows.compactMap { $0[1] }
                }
                return lines.joined(separator: "\n")
            }
            try Self.roundTrip(.mysql, databases: Self.databases, listing: nil, compare: listing, arguments: []) {
                globals in
                let text = String(decoding: try JSONEncoder().encode(globals), as: UTF8.self)
                #expect(!text.contains(hash), "no password hash without --role-passwords")
                #expect(globals.roleNames.contains("wsb_ro") && globals.roleNames.contains("'wsb_app'@'%'"))
            } restored: { target in
                let create = try target.scalar("SHOW CREATE USER 'wsb_app'@'%'") ?? ""
                #expect(create.contains("ACCOUNT LOCK"), "an account without its password is created locked: \(create)")
            }
        }
    }

    /// Backs up the solo server whole, restores it into a fresh server, and compares.
    static func roundTrip(
        _ engine: Engine, databases: [String], listing: String?,
        compare: ((DatabaseConnection) throws -> String)? = nil,
        arguments: [String], checkGlobals: (ServerGlobals) throws -> Void,
        restored: (DatabaseConnection) throws -> Void = { _ in }
    ) throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("dbops-wsb-\(UUID().uuidString)")
            .path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let server = try SoloServer.url(engine, database: "")
        let backup = try DBOpsProcess.run(
            ["backup", "--all-databases", "-o", folder + "/{target}/{database}-{timestamp}", "--format", "json"]
                + arguments, environment: ["DBOPS_URL": server], timeout: 300)
        #expect(backup.exitCode == 0, "\(backup)")
        #expect(try JSONSchemaCheck.problems(backup.stdoutData).isEmpty, "dbops.fleet/v1, each backup's summary in it")
        let servers = try FileManager.default.contentsOfDirectory(atPath: folder)
        #expect(servers.count == 1, "one folder for the one server: \(servers)")
        let serverFolder = folder + "/" + (servers.first ?? "")
        let taken = try FileManager.default.contentsOfDirectory(atPath: serverFolder)
        for name in databases {
            #expect(taken.contains { $0.hasPrefix(FolderName.of(name) + "-") }, "\(name) in \(taken)")
        }
        #expect(taken.contains { $0.hasPrefix("@globals-") }, "\(taken)")
        #expect(
            !taken.contains { $0.contains("lost_found") }, "a folder of the data directory is no database: \(taken)")
        let globalsFolder = serverFolder + "/" + (taken.first { $0.hasPrefix("@globals-") } ?? "")
        let (globals, _) = try GlobalsBackup.read(globalsFolder)
        try checkGlobals(globals)
        let verify = try DBOpsProcess.run(["verify", serverFolder])
        #expect(verify.exitCode == 0, "the globals verify like any backup: \(verify)")

        // A backup that never completed (a killed run: marker, no manifest) is passed over,
        // and the report says so.
        let leftover = serverFolder + "/wsb_a-29991231T000000Z"
        try FileManager.default.createDirectory(atPath: leftover, withIntermediateDirectories: true)
        FileManager.default.createFile(atPath: leftover + "/.dbops-backup", contents: Data())
        let sourceAdmin = try Database.connect(try SoloServer.config(engine))
        defer { sourceAdmin.close() }
        try FreshServer.with(engine) { freshURL in
            let target = try ConnectionURL.parse(freshURL)
            let targetServer = String(freshURL[..<freshURL.range(of: "/", options: .backwards)!.lowerBound]) + "/"
            // The roles alone first (--globals-only), then everything: the roles are applied
            // again harmlessly, every database is created and restored.
            let roles = try DBOpsProcess.run(
                ["restore", "--all-databases", "--globals-only", serverFolder],
                environment: ["DBOPS_URL": targetServer], timeout: 300)
            #expect(roles.exitCode == 0 && roles.stdout.hasPrefix("restored "), "\(roles)")
            #expect(!roles.stdout.contains("restored wsb_"), "no database with --globals-only: \(roles.stdout)")
            let restore = try DBOpsProcess.run(
                ["restore", "--all-databases", serverFolder, "--format", "json"],
                environment: ["DBOPS_URL": targetServer], timeout: 300)
            #expect(restore.exitCode == 0, "\(restore)")
            #expect(try JSONSchemaCheck.problems(restore.stdoutData).isEmpty, "schemas/server-restore-v1.schema.json")
            let report = try #require(try JSONSerialization.jsonObject(with: restore.stdoutData) as? [String: Any])
            let entries = report["databases"] as? [[String: Any]] ?? []
            #expect(
                (report["warnings"] as? [String] ?? []).contains {
                    $0.hasPrefix(leftover) && $0.contains("incomplete")
                },
                "\(report["warnings"] ?? "")")
            for name in databases {
                let entry = entries.first { $0["name"] as? String == name }
                #expect(entry?["state"] as? String == "restored" && entry?["created"] as? Bool == true, "\(entries)")
                var source = try SoloServer.config(engine)
                source.database = name
                var restoredDatabase = target
                restoredDatabase.database = name
                let expected = try IndependentChecks.tableChecksums(source)
                #expect(!expected.isEmpty)
                #expect(try IndependentChecks.tableChecksums(restoredDatabase) == expected, "\(name)")
            }
            let targetAdmin = try Database.connect(target)
            defer { targetAdmin.close() }
            if let listing {
                let want = try sourceAdmin.query(listing).rows.map { $0[0] ?? "" }
                #expect(try targetAdmin.query(listing).rows.map { $0[0] ?? "" } == want)
                #expect(want.allSatisfy { !$0.isEmpty }, "every list has entries: \(want)")
            }
            if let compare { #expect(try compare(targetAdmin) == (try compare(sourceAdmin))) }
            try restored(targetAdmin)

            // Again onto the same server: the databases are there and not empty, so each
            // is refused (exit 1, a line each); the roles are applied again harmlessly.
            let again = try DBOpsProcess.run(
                ["restore", "--all-databases", serverFolder, "--database", "wsb_*"],
                environment: ["DBOPS_URL": targetServer], timeout: 300)
            #expect(again.exitCode == 1, "\(again)")
            #expect(again.stdout.contains("FAILED wsb_a") && again.stdout.contains("not empty"), "\(again.stdout)")
        }
    }
}
