import DBCore
import Foundation
import Health
import Testing
import TestSupport

/// The mysqltuner essentials on a real MariaDB 10.11: a deadlock made between two
/// sessions is counted; the replica's read_only and the primary's binary log retention are
/// reported as the servers have them; the counters-based checks agree with the server's
/// own status.
@Suite("Health on MariaDB: mysqltuner's essentials")
struct MySQLTunerTests {
    @Test func deadlocksAreCounted() throws {
        try ScratchDatabase.with(.mysql, prefix: "dead") { scratch in
            let first = try scratch.connect(), second = try scratch.connect()
            defer {
                first.close()
                second.close()
            }
            try first.executeScript(
                "CREATE TABLE pair (id INT PRIMARY KEY, v INT); INSERT INTO pair VALUES (1, 0), (2, 0)")
            let before = try #require(runChecks(try scratch.config, ["deadlocks"]).check("deadlocks")?.value)
            try first.begin()
            try second.begin()
            try first.execute("UPDATE pair SET v = 1 WHERE id = 1")
            try second.execute("UPDATE pair SET v = 2 WHERE id = 2")
            let work = Background { _ = try? first.execute("UPDATE pair SET v = 1 WHERE id = 2") }
            Thread.sleep(forTimeInterval: 0.3)
            _ = try? second.execute("UPDATE pair SET v = 2 WHERE id = 1")  // one of the two is chosen as the victim
            work.wait()
            try? first.rollback()
            try? second.rollback()
            let after = try #require(runChecks(try scratch.config, ["deadlocks"]).check("deadlocks"))
            #expect((after.value ?? 0) >= before + 1, "\(after.summary)")
        }
    }

    @Test func replicaReadOnlyAndBinaryLogRetentionAsTheServersHaveThem() throws {
        let replica = try TestServers.replicaConfig(.mysql)
        let probe = try Database.connect(replica)
        let readOnly = try probe.scalar("SELECT @@global.read_only")
        probe.close()
        let onReplica = try #require(runChecks(replica, ["replica_read_only"]).check("replica_read_only"))
        #expect(onReplica.status == (readOnly == "1" ? .ok : .warning), "\(onReplica.summary)")
        let primary = try TestServers.config(.mysql)
        let onPrimary = runChecks(primary, ["replica_read_only", "binlog_retention", "query_cache"])
        #expect(onPrimary.check("replica_read_only")?.summary == "not a replica")
        let server = try Database.connect(primary)
        defer { server.close() }
        let expire = Double(try server.scalar("SELECT @@global.binlog_expire_logs_seconds") ?? "0") ?? 0
        let retention = try #require(onPrimary.check("binlog_retention"))
        if expire > 0 {
            #expect(retention.value == expire, "\(retention.summary)")
        } else {
            #expect(retention.status == .warning && retention.summary.contains("never expire"), "\(retention.summary)")
        }
        let cacheOn = try server.scalar("SELECT @@global.query_cache_type <> 'OFF' AND @@global.query_cache_size > 0")
        #expect(onPrimary.check("query_cache")?.status == (cacheOn == "1" ? .warning : .ok))
    }

    @Test func countersAgreeWithTheServer() throws {
        let config = try TestServers.config(.mysql)
        let report = runChecks(config, ["max_used_connections", "thread_cache"])
        let server = try Database.connect(config)
        defer { server.close() }
        let maximum = Double(try server.scalar("SELECT @@global.max_connections") ?? "1") ?? 1
        let used = try #require(report.check("max_used_connections")?.value)
        let status = Dictionary(
            uniqueKeysWithValues: try server.query(
                "SHOW GLOBAL STATUS WHERE Variable_name IN ('Max_used_connections', 'Threads_created', 'Connections')"
            ).rows.compactMap { row in row[0].map { ($0, Double(row[1] ?? "") ?? 0) } })
        // Sessions may open between the two readings: the check's figure lies in between.
        #expect(used <= ((status["Max_used_connections"] ?? 0) / maximum * 100).rounded(.up) + 0.1)
        #expect(used > 0)
        if let rate = report.check("thread_cache")?.value, let connections = status["Connections"], connections > 0 {
            #expect(rate > 0 && rate <= 100)
        }
    }
}
