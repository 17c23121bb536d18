@testable import DBCore
import Foundation
import Testing
import TestSupport

/// A backup or restore with --jobs 8 on a server (or a login) with few connections left
/// failed half-way on "too many clients" / "too many connections for role" (a restore then
/// left its target marked, to be cleaned), or took the last connections the application
/// needed. Its workers now stay within half of what is left.
@Suite("Workers within the connections the server has left")
struct ConnectionBudgetTests {
    @Test("As asked while the job stays within half of what is left; cut, said; refused when not even one worker fits")
    func grant() throws {
        #expect(try ConnectionBudget.grant(8, besides: 3, left: 100, job: "restore") == .init(workers: 8))
        let cut = try ConnectionBudget.grant(8, besides: 3, left: 12, job: "restore")
        #expect(cut.workers == 3, "half of 12, less the 3 other sessions")
        #expect(cut.warning?.contains("12 more connection(s): 3 worker(s) instead of --jobs 8") == true)
        #expect(try ConnectionBudget.grant(8, besides: 3, left: 5, job: "restore").workers == 1)
        #expect(try ConnectionBudget.grant(1, besides: 1, left: 3, job: "backup") == .init(workers: 1), "not cut")
        #expect(throws: DBError.self) { try ConnectionBudget.grant(2, besides: 3, left: 3, job: "restore") }
    }

    @Test(
        "PostgreSQL: a role with CONNECTION LIMIT 6 backs up and restores with --jobs 8; with 3, the restore changes nothing"
    )
    func roleConnectionLimit() throws {
        let role = "dbops_budget_\(UUID().uuidString.prefix(6).lowercased())"
        let admin = try TestServers.connect(.postgres)
        defer { admin.close() }
        try admin.executeScript("CREATE ROLE \(role) LOGIN PASSWORD 'budget-pw' CONNECTION LIMIT 6")
        defer { try? admin.executeScript("DROP ROLE IF EXISTS \(role)") }
        try ScratchDatabase.with(.postgres, prefix: "budg") { source in
            try ScratchDatabase.with(.postgres, prefix: "budt") { target in
                for database in [source.name, target.name] {
                    try admin.executeScript("ALTER DATABASE \(database) OWNER TO \(role)")
                }
                let connection = try source.connect()
                defer { connection.close() }
                // Eight tables: eight workers' worth of work.
                for index in 1...8 {
                    try connection.executeScript(
                        "CREATE TABLE t\(index) (id int PRIMARY KEY); INSERT INTO t\(index) SELECT generate_series(1, \(index * 10)); ALTER TABLE t\(index) OWNER TO \(role)"
                    )
                }
                let server = try TestServers.config(.postgres)
                let url = { (database: String) in
                    "postgres://\(role):budget-pw@\(server.host ?? "127.0.0.1"):\(server.port ?? 5432)/\(database)"
                }
                try withTemporaryDirectory { folder in
                    let backup = try DBOpsProcess.run(
                        ["backup", "-o", folder + "/b", "--jobs", "8"], environment: ["DBOPS_URL": url(source.name)])
                    #expect(backup.exitCode == 0, "\(backup)")
                    #expect(backup.stderr.contains("worker(s) instead of --jobs 8"), "\(backup.stderr)")
                    let restore = try DBOpsProcess.run(
                        ["restore", folder + "/b", "--jobs", "8"], environment: ["DBOPS_URL": url(target.name)])
                    #expect(restore.exitCode == 0, "\(restore)")
                    let restored = try target.connect()
                    defer { restored.close() }
                    #expect(
                        try restored.scalar(
                            "SELECT sum(n) FROM (SELECT count(*) AS n FROM t8 UNION ALL SELECT count(*) FROM t1) s")
                            == "90")

                    // Too few left for the restore's own sessions: refused before the target
                    // is touched, so no marker is left to clean.
                    try admin.executeScript("ALTER ROLE \(role) CONNECTION LIMIT 3")
                    try restored.executeScript("DROP TABLE t1, t2, t3, t4, t5, t6, t7, t8")
                    let refused = try DBOpsProcess.run(
                        ["restore", folder + "/b"], environment: ["DBOPS_URL": url(target.name)])
                    #expect(refused.exitCode == 1, "\(refused)")
                    #expect(refused.stderr.contains("needs at least 4"), "\(refused.stderr)")
                    #expect(
                        try restored.scalar("SELECT count(*) FROM pg_class WHERE relnamespace = 'public'::regnamespace")
                            == "0")
                }
            }
        }
    }

    @Test("MariaDB: an account with MAX_USER_CONNECTIONS 4 backs up and restores with --jobs 8")
    func accountConnectionLimit() throws {
        let account = "dbops_budget_\(UUID().uuidString.prefix(6).lowercased())"
        let admin = try TestServers.connect(.mysql)
        defer { admin.close() }
        try ScratchDatabase.with(.mysql, prefix: "budg") { source in
            try ScratchDatabase.with(.mysql, prefix: "budt") { target in
                try admin.executeScript(
                    """
                    CREATE USER '\(account)'@'%' IDENTIFIED BY 'budget-pw' WITH MAX_USER_CONNECTIONS 4;
                    GRANT ALL ON \(source.name).* TO '\(account)'@'%';
                    GRANT ALL ON \(target.name).* TO '\(account)'@'%'
                    """)
                defer { try? admin.executeScript("DROP USER IF EXISTS '\(account)'@'%'") }
                let connection = try source.connect()
                defer { connection.close() }
                for index in 1...8 {
                    try connection.executeScript(
                        "CREATE TABLE t\(index) (id int PRIMARY KEY); INSERT INTO t\(index) SELECT seq FROM seq_1_to_\(index * 10)"
                    )
                }
                let server = try TestServers.config(.mysql)
                let url = { (database: String) in
                    "mysql://\(account):budget-pw@\(server.host ?? "127.0.0.1"):\(server.port ?? 3306)/\(database)"
                }
                try withTemporaryDirectory { folder in
                    let backup = try DBOpsProcess.run(
                        ["backup", "-o", folder + "/b", "--jobs", "8"], environment: ["DBOPS_URL": url(source.name)])
                    #expect(backup.exitCode == 0, "\(backup)")
                    #expect(backup.stderr.contains("worker(s) instead of --jobs 8"), "\(backup.stderr)")
                    let restore = try DBOpsProcess.run(
                        ["restore", folder + "/b", "--jobs", "8"], environment: ["DBOPS_URL": url(target.name)])
                    #expect(restore.exitCode == 0, "\(restore)")
                    let restored = try target.connect()
                    defer { restored.close() }
                    #expect(try restored.scalar("SELECT (SELECT COUNT(*) FROM t8) + (SELECT COUNT(*) FROM t1)") == "90")
                }
            }
        }
    }
}
