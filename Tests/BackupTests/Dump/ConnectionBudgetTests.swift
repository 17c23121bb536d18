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
                let url = try Self.login(.postgres, role)
                try withTemporaryDirectory { folder in
                    try Self.backUpAndRestore(source, into: target, folder: folder, url: url, owner: role)
                    let restored = try target.connect()
                    defer { restored.close() }

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
                let url = try Self.login(.mysql, account)
                try withTemporaryDirectory { folder in
                    try Self.backUpAndRestore(source, into: target, folder: folder, url: url)
                }
            }
        }
    }

    /// A database's URL for the limited login (password budget-pw) on the test server.
    static func login(_ engine: Engine, _ user: String) throws -> (String) -> String {
        let server = try TestServers.config(engine)
        let scheme = engine == .postgres ? "postgres" : "mysql"
        return { "\(scheme)://\(user):budget-pw@\(server.host ?? "127.0.0.1"):\(server.port ?? 0)/\($0)" }
    }

    /// Eight tables (eight workers' worth of work) in `source`, owned by `owner` when given,
    /// backed up and restored into `target` with --jobs 8 as the limited login: both
    /// succeed, the workers cut and said, every row there.
    static func backUpAndRestore(
        _ source: ScratchDatabase, into target: ScratchDatabase, folder: String, url: (String) -> String,
        owner: String? = nil
    ) throws {
        let connection = try source.connect()
        defer { connection.close() }
        let series = { (n: Int) in source.engine == .postgres ? "generate_series(1, \(n))" : "seq FROM seq_1_to_\(n)" }
        for index in 1...8 {
            try connection.executeScript(
                "CREATE TABLE t\(index) (id int PRIMARY KEY); INSERT INTO t\(index) SELECT \(series(index * 10))"
                    + (owner.map { "; ALTER TABLE t\(index) OWNER TO \($0)" } ?? ""))
        }
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
