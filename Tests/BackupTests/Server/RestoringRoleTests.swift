import DBCore
import Foundation
import Testing
import TestSupport

/// A whole-server restore gives every role the source's attributes, but the role it runs
/// as had the source's role of that name applied too: NOLOGIN, NOSUPERUSER, another
/// password or a read-only default (PostgreSQL), a connection limit in a GRANT line
/// (MariaDB) locked the restore, and its operator, out of the server.
@Suite("Whole-server restore: the role it runs as")
struct RestoringRoleTests {
    @Test("PostgreSQL: the restoring role keeps its attributes, password and settings; the others get the source's")
    func restoringRoleKept() throws {
        try SoloServer.exclusively(.postgres) {
            let admin = try Database.connect(try SoloServer.config(.postgres))
            defer { admin.close() }
            let suffix = UUID().uuidString.prefix(6).lowercased()
            let restorer = "rr_admin_\(suffix)", other = "rr_other_\(suffix)"
            defer { try? admin.executeScript("DROP ROLE IF EXISTS \(restorer); DROP ROLE IF EXISTS \(other)") }
            // The source: both roles locked out, the restorer with a read-only default.
            try admin.executeScript(
                """
                CREATE ROLE \(restorer) NOLOGIN NOSUPERUSER PASSWORD 'source-pw';
                ALTER ROLE \(restorer) SET default_transaction_read_only = on;
                CREATE ROLE \(other) NOLOGIN
                """)
            try withTemporaryDirectory { folder in
                let server = try Self.backUpWholeServer(.postgres, into: folder, "--role-passwords")
                // The target: the restorer is the superuser the operator logs in as.
                try admin.executeScript(
                    """
                    ALTER ROLE \(restorer) LOGIN SUPERUSER PASSWORD 'target-pw';
                    ALTER ROLE \(restorer) RESET ALL;
                    ALTER ROLE \(other) LOGIN
                    """)
                let at = try #require(server.range(of: "@"))
                let asRestorer = "postgres://\(restorer):target-pw" + server[at.lowerBound...]
                let restore = try DBOpsProcess.run(
                    ["restore", "--all-databases", "--globals-only", folder],
                    environment: ["DBOPS_URL": asRestorer], timeout: 300)
                #expect(restore.exitCode == 0, "\(restore)")
                #expect(
                    restore.stderr.contains("role \(restorer) is the one this restore runs as"), "\(restore.stderr)")
                let state = { (role: String) in
                    try admin.scalar(
                        "SELECT format('%s %s %s', rolcanlogin, rolsuper, coalesce(rolconfig::text, '-')) FROM pg_roles WHERE rolname = '\(role)'"
                    )
                }
                #expect(try state(restorer) == "t t -")
                #expect(try state(other) == "f f -", "every other role gets the source's attributes")
                // Its password is still the target's: it connects, and may write.
                let config = try ConnectionURL.parse(asRestorer + "postgres")
                let again = try Database.connect(config)
                defer { again.close() }
                #expect(try again.scalar("SHOW default_transaction_read_only") == "off")
            }
        }
    }

    @Test("PostgreSQL: a setting for every role comes after the databases, and a second restore under it still writes")
    func everyRoleSettingLast() throws {
        try SoloServer.exclusively(.postgres) {
            // Opened before the setting, so this session stays writable throughout.
            let admin = try Database.connect(try SoloServer.config(.postgres))
            defer { admin.close() }
            let database = "rr_db_\(UUID().uuidString.prefix(6).lowercased())"
            defer {
                try? admin.executeScript("ALTER ROLE ALL RESET default_transaction_read_only")
                try? admin.executeScript("DROP DATABASE IF EXISTS \(database) WITH (FORCE)")
            }
            try admin.executeScript("CREATE DATABASE \(database)")
            let one = try Database.connect(try SoloServer.config(.postgres, database: database))
            try one.executeScript("CREATE TABLE t (id int PRIMARY KEY); INSERT INTO t VALUES (1), (2), (3)")
            one.close()
            try admin.executeScript("ALTER ROLE ALL SET default_transaction_read_only = on")
            try withTemporaryDirectory { folder in
                let server = try Self.backUpWholeServer(.postgres, into: folder)
                try admin.executeScript("ALTER ROLE ALL RESET default_transaction_read_only")
                try admin.executeScript("DROP DATABASE \(database) WITH (FORCE)")
                let restore = try DBOpsProcess.run(
                    ["restore", "--all-databases", "--database", database, folder],
                    environment: ["DBOPS_URL": server], timeout: 300)
                #expect(restore.exitCode == 0, "\(restore)")
                #expect(
                    try admin.scalar(
                        "SELECT setconfig::text FROM pg_db_role_setting WHERE setrole = 0 AND setdatabase = 0")
                        == "{default_transaction_read_only=on}", "the setting itself is restored, last")
                let restored = try Database.connect(try SoloServer.config(.postgres, database: database))
                #expect(try restored.scalar("SELECT count(*) FROM t") == "3")
                restored.close()
                // Again, onto the server the first restore gave the setting to (a database
                // that failed, restored once more): its sessions write all the same.
                try admin.executeScript("DROP DATABASE \(database) WITH (FORCE)")
                let again = try DBOpsProcess.run(
                    ["restore", "--all-databases", "--database", database, folder],
                    environment: ["DBOPS_URL": server], timeout: 300)
                #expect(again.exitCode == 0, "\(again)")
                try admin.executeScript("ALTER ROLE ALL RESET default_transaction_read_only")
                let second = try Database.connect(try SoloServer.config(.postgres, database: database))
                defer { second.close() }
                #expect(try second.scalar("SELECT count(*) FROM t") == "3")
            }
        }
    }

    @Test("MariaDB: the restoring account is left as it is; the source's limit on it would turn away the restore")
    func restoringAccountKept() throws {
        try SoloServer.exclusively(.mysql) {
            let admin = try Database.connect(try SoloServer.config(.mysql))
            defer { admin.close() }
            let suffix = UUID().uuidString.prefix(6).lowercased()
            let restorer = "rr_admin_\(suffix)", other = "rr_other_\(suffix)", database = "rr_db_\(suffix)"
            defer {
                try? admin.executeScript(
                    "DROP USER IF EXISTS '\(restorer)'@'%', '\(other)'@'%'; DROP DATABASE IF EXISTS \(database)")
            }
            try admin.executeScript(
                """
                CREATE USER '\(restorer)'@'%' IDENTIFIED BY 'rr-pw' WITH MAX_USER_CONNECTIONS 1;
                GRANT ALL PRIVILEGES ON *.* TO '\(restorer)'@'%' WITH GRANT OPTION;
                CREATE USER '\(other)'@'%' WITH MAX_USER_CONNECTIONS 3;
                GRANT SELECT ON *.* TO '\(other)'@'%';
                CREATE DATABASE \(database);
                CREATE TABLE \(database).t (id INT PRIMARY KEY);
                INSERT INTO \(database).t VALUES (1), (2)
                """)
            try withTemporaryDirectory { folder in
                let server = try Self.backUpWholeServer(.mysql, into: folder)
                try admin.executeScript(
                    """
                    ALTER USER '\(restorer)'@'%' WITH MAX_USER_CONNECTIONS 0;
                    DROP USER '\(other)'@'%';
                    DROP DATABASE \(database)
                    """)
                let at = try #require(server.range(of: "@"))
                let asRestorer = "mysql://\(restorer):rr-pw" + server[at.lowerBound...]
                let restore = try DBOpsProcess.run(
                    ["restore", "--all-databases", "--database", database, folder],
                    environment: ["DBOPS_URL": asRestorer], timeout: 300)
                #expect(restore.exitCode == 0, "\(restore)")
                #expect(
                    restore.stderr.contains("account '\(restorer)'@'%' is the one this restore runs as"),
                    "\(restore.stderr)")
                let limit = { (user: String) in
                    try admin.scalar("SELECT max_user_connections FROM mysql.user WHERE User = '\(user)'")
                }
                #expect(try limit(restorer) == "0")
                #expect(try limit(other) == "3", "every other account gets the source's")
                #expect(try admin.scalar("SELECT COUNT(*) FROM \(database).t") == "2")
            }
        }
    }

    /// The solo server backed up whole into `folder`; its URL without a database.
    static func backUpWholeServer(_ engine: Engine, into folder: String, _ arguments: String...) throws -> String {
        let server = try SoloServer.url(engine, database: "")
        let backup = try DBOpsProcess.run(
            ["backup", "--all-databases", "-o", folder + "/{database}"] + arguments,
            environment: ["DBOPS_URL": server], timeout: 300)
        try #require(backup.exitCode == 0, "\(backup)")
        return server
    }
}
