import Backup
import DBCore
import Foundation
import Testing
import TestSupport

/// A drill killed with kill -9 (the OOM killer, a cron timeout) left its scratch database,
/// a whole copy of the backup, on the scratch server for good. A running drill holds a
/// named lock on its database's name, which the server lets go however the drill dies: the
/// next drill drops each `dbops_drill_*` database whose lock is free and leaves alone the
/// one a drill beside it still holds. The scratch server is the solo one, under its lock: a
/// drill of another suite on a shared server would drop this test's leftover first.
@Suite("Restore drills: databases killed drills left behind")
struct DrillLeftoverTests {
    static func exists(_ name: String, on connection: DatabaseConnection) throws -> Bool {
        let sql =
            connection.engine == .postgres
            ? "SELECT datname FROM pg_database WHERE datname = $1"
            : "SELECT SCHEMA_NAME FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = ?"
        return try connection.query(sql, [.text(name)]).rows.count > 0
    }

    @Test("The next drill drops a killed drill's database and keeps a running drill's", arguments: Engine.allCases)
    func leftoversDropped(_ engine: Engine) throws {
        try ScratchDatabase.with(engine, prefix: "dlo") { source in
            let connection = try source.connect()
            defer { connection.close() }
            try connection.executeScript("CREATE TABLE t (id INT PRIMARY KEY); INSERT INTO t VALUES (1), (2)")
            try withTemporaryDirectory { folder in
                let backup = try DBOpsProcess.run(
                    ["backup", "-o", folder + "/b"], environment: ["DBOPS_URL": try source.url])
                #expect(backup.exitCode == 0, "\(backup)")
                try SoloServer.exclusively(engine) { try Self.drill(folder + "/b", engine) }
            }
        }
    }

    /// What kill -9 leaves (a scratch database nothing holds) and one a drill running beside
    /// holds (its lock taken in the server's own database, as a drill takes it), then a drill.
    static func drill(_ backup: String, _ engine: Engine) throws {
        func name() -> String { RestoreDrill.databasePrefix + String(UInt32.random(in: 0...UInt32.max), radix: 16) }
        let killed = name()
        let running = name()
        Database.initializeLibraries()
        let server = try Database.connect(SoloServer.config(engine))
        defer {
            _ = try? server.releaseNamedLock(RestoreDrill.lockName(of: running))
            for database in [killed, running] { _ = try? server.execute("DROP DATABASE IF EXISTS \(database)") }
            server.close()
        }
        for database in [killed, running] { try server.execute("CREATE DATABASE \(database)") }
        #expect(try server.tryNamedLock(RestoreDrill.lockName(of: running)))
        let scratch = try SoloServer.url(engine, database: engine == .postgres ? "postgres" : "mysql")
        let drill = try DBOpsProcess.run(
            ["backup", "drill", backup, "--format", "json"], environment: ["DBOPS_URL": scratch])
        #expect(drill.exitCode == 0, "\(drill)")
        #expect(try JSONSchemaCheck.problems(drill.stdoutData).isEmpty)
        let report = try #require(try JSONSerialization.jsonObject(with: drill.stdoutData) as? [String: Any])
        let warnings = report["warnings"] as? [String] ?? []
        #expect(warnings.contains { $0.contains("dropped \(killed)") }, "\(warnings)")
        #expect(!warnings.contains { $0.contains(running) }, "\(warnings)")
        #expect(try !exists(killed, on: server), "the killed drill's database is dropped")
        #expect(try exists(running, on: server), "the running drill's database stays")
        let own = try #require(report["scratch_database"] as? String)
        #expect(try !exists(own, on: server), "the drill's own database is dropped")
    }
}
