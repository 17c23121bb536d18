import DBCore
import Foundation
import Health
import Testing
import TestSupport

/// Each test creates the condition it checks on a real MariaDB 10.11.
@Suite("Health on MariaDB", .serialized)
struct MySQLHealthTests {
    @Test func healthyDatabaseIsOK() throws {
        try ScratchDatabase.with(.mysql, prefix: "health") { scratch in
            let setup = try scratch.connect()
            try setup.executeScript(
                "CREATE TABLE t (id INT AUTO_INCREMENT PRIMARY KEY, v INT); INSERT INTO t (v) SELECT seq FROM seq_1_to_100"
            )
            setup.close()
            let report = runChecks(
                try scratch.config,
                ["database_size", "auto_increment", "connections", "history_list_length", "replication"])
            #expect(report.status == .ok, "\(report.checks.map { "\($0.name): \($0.status) \($0.summary)" })")
            #expect(report.server?.flavor == .mariadb)
            #expect(report.check("auto_increment")?.summary.contains(".t.id") == true)
            // scripts/dbservers.sh runs a replica of this server: the primary counts it.
            #expect(
                report.check("replication")?.summary.contains("primary with 1 replica(s) connected") == true,
                "\(report.check("replication")?.summary ?? "")")
        }
    }

    @Test func replicaReportsItsThreadsAndLag() throws {
        // Not while a replica-lag test has replication paused.
        let config = try TestServers.replicaConfig(.mysql)
        let report = SharedReplicas.exclusively { runChecks(config, ["replication"]) }
        let check = try #require(report.check("replication"))
        #expect(check.summary.hasPrefix("replica; IO thread Yes, SQL thread Yes"), "\(check.summary)")
        #expect(check.status == .ok)
        #expect(check.value != nil)
    }

    @Test func longRunningQueryIsReported() throws {
        let sleeper = try TestServers.connect(.mysql)
        defer { sleeper.close() }
        let id = String(sleeper.sessionID)
        let work = Background { _ = try? sleeper.query("SELECT SLEEP(20)") }
        defer {
            sleeper.makeCanceller().cancel()
            work.wait()
        }
        Thread.sleep(forTimeInterval: 1.3)
        let report = runChecks(
            try TestServers.config(.mysql), ["long_queries"], warn: ["long_queries": 1], crit: ["long_queries": 600])
        let check = try #require(report.check("long_queries"))
        #expect(check.status == .warning)
        #expect(details(check, "pid", contain: id))
    }

    @Test func idleInTransactionIsReported() throws {
        try ScratchDatabase.with(.mysql, prefix: "health") { scratch in
            let idle = try scratch.connect()
            defer { idle.close() }
            try idle.executeScript("CREATE TABLE t (id INT PRIMARY KEY, v INT); INSERT INTO t VALUES (1, 0)")
            try idle.begin()
            try idle.execute("UPDATE t SET v = 1 WHERE id = 1")
            Thread.sleep(forTimeInterval: 2.1)
            let report = runChecks(try scratch.config, ["idle_in_transaction"], warn: ["idle_in_transaction": 2])
            let check = try #require(report.check("idle_in_transaction"))
            #expect(check.status == .warning)
            #expect(details(check, "pid", contain: String(idle.sessionID)))
            try idle.rollback()
        }
    }

    /// A transaction kept busy by short statements is neither a long query nor idle.
    @Test func longTransactionIsReported() throws {
        try ScratchDatabase.with(.mysql, prefix: "health") { scratch in
            let busy = try scratch.connect()
            defer { busy.close() }
            try busy.executeScript("CREATE TABLE t (id INT PRIMARY KEY, v INT); INSERT INTO t VALUES (1, 0)")
            try busy.begin()
            let opened = Date()
            while Date().timeIntervalSince(opened) < 3.2 {
                try busy.execute("UPDATE t SET v = v + 1 WHERE id = 1")
                Thread.sleep(forTimeInterval: 0.1)
            }
            let report = runChecks(
                try scratch.config, ["long_transactions"], warn: ["long_transactions": 2],
                crit: ["long_transactions": 3600])
            let check = try #require(report.check("long_transactions"))
            #expect(check.status == .warning, "\(check)")
            #expect(details(check, "pid", contain: String(busy.sessionID)))
            try busy.rollback()
            // InnoDB refreshes what INNODB_TRX shows at most every 0.1 s.
            #expect(
                try eventually(timeout: 10, interval: 0.2) {
                    let after = runChecks(try scratch.config, ["long_transactions"], warn: ["long_transactions": 2])
                    return !details(after.check("long_transactions"), "pid", contain: String(busy.sessionID))
                })
        }
    }

    @Test func blockedSessionNamesItsBlocker() throws {
        try ScratchDatabase.with(.mysql, prefix: "health") { scratch in
            let holder = try scratch.connect()
            defer { holder.close() }
            try holder.executeScript("CREATE TABLE t (id INT PRIMARY KEY, v INT); INSERT INTO t VALUES (1, 0)")
            try holder.begin()
            try holder.execute("UPDATE t SET v = 1 WHERE id = 1")
            let waiter = try scratch.connect()
            defer { waiter.close() }
            let work = Background { try waiter.execute("UPDATE t SET v = 2 WHERE id = 1") }
            Thread.sleep(forTimeInterval: 2.1)
            let report = runChecks(try scratch.config, ["blocked_sessions"], warn: ["blocked_sessions": 1])
            let check = try #require(report.check("blocked_sessions"))
            #expect(check.status == .warning, "\(check.summary)")
            #expect(details(check, "pid", contain: String(waiter.sessionID)))
            #expect(details(check, "blocked_by", contain: String(holder.sessionID)))
            try holder.rollback()
            #expect(work.wait() == nil)
        }
    }

    @Test func autoIncrementNearItsMaximum() throws {
        try ScratchDatabase.with(.mysql, prefix: "health") { scratch in
            let connection = try scratch.connect()
            defer { connection.close() }
            try connection.executeScript(
                "CREATE TABLE tiny (id TINYINT AUTO_INCREMENT PRIMARY KEY) AUTO_INCREMENT = 120")
            let report = runChecks(try scratch.config, ["auto_increment"])
            let check = try #require(report.check("auto_increment"))
            #expect(check.status == .critical)
            #expect(abs((check.value ?? 0) - 93.7) < 0.01)
            #expect(details(check, "table", contain: "tiny"))
            // Unsigned doubles the range: 119/255 is below the warning limit.
            try connection.executeScript(
                "DROP TABLE tiny; CREATE TABLE tiny (id TINYINT UNSIGNED AUTO_INCREMENT PRIMARY KEY) AUTO_INCREMENT = 120"
            )
            #expect(runChecks(try scratch.config, ["auto_increment"]).check("auto_increment")?.status == .ok)
            // A BIGINT UNSIGNED counter near 2^64: read exactly, not an overflow (it was UNKNOWN).
            try connection.executeScript(
                "CREATE TABLE huge (id BIGINT UNSIGNED AUTO_INCREMENT PRIMARY KEY) AUTO_INCREMENT = 18446744073709551610"
            )
            let huge = try #require(runChecks(try scratch.config, ["auto_increment"]).check("auto_increment"))
            #expect(huge.status == .critical && huge.value == 100 && details(huge, "table", contain: "huge"), "\(huge)")
        }
    }

    /// MariaDB sequences: measured against their own range, or against the narrower column
    /// they feed; a CYCLE sequence only in that second case; one this user may not read is
    /// UNKNOWN, not 0%.
    @Test func sequenceNearItsMaximum() throws {
        try ScratchDatabase.with(.mysql, prefix: "health") { scratch in
            let connection = try scratch.connect()
            defer { connection.close() }
            try connection.executeScript(
                """
                CREATE SEQUENCE wide START WITH 1 CACHE 10;
                CREATE TABLE orders (id INT NOT NULL DEFAULT NEXT VALUE FOR wide PRIMARY KEY);
                CREATE SEQUENCE spin START WITH 1 MINVALUE 1 MAXVALUE 1000 CACHE 10 CYCLE;
                CREATE SEQUENCE down INCREMENT BY -1 MINVALUE 1 MAXVALUE 1000 START WITH 1000 CACHE 10
                """)
            let quiet = try #require(runChecks(try scratch.config, ["sequences"]).check("sequences"))
            #expect(quiet.status == .ok && (quiet.value ?? 100) < 2, "\(quiet)")
            // Past 93% of the INT column, though far from the BIGINT sequence's own end.
            _ = try connection.query("SELECT SETVAL(wide, 2000000000)")
            // The CYCLE sequence at its end starts again: not counted.
            _ = try connection.query("SELECT SETVAL(spin, 999)")
            let column = try #require(runChecks(try scratch.config, ["sequences"]).check("sequences"))
            #expect(column.status == .critical, "\(column)")
            #expect(abs((column.value ?? 0) - 93.13) < 0.01, "\(column)")
            #expect(column.summary.contains("wide") && column.summary.contains("column"), "\(column.summary)")
            #expect(details(column, "column", contain: "id") && details(column, "table", contain: "orders"))
            #expect(!details(column, "sequence", contain: "spin"), "a CYCLE sequence is not running out")
            // Descending: it runs down to its minimum (cached values count as used).
            _ = try connection.executeScript("DROP TABLE orders; DROP SEQUENCE wide")
            _ = try connection.query("SELECT SETVAL(down, 150)")
            let down = try #require(runChecks(try scratch.config, ["sequences"]).check("sequences"))
            #expect(down.status == .warning && details(down, "sequence", contain: "down"), "\(down)")
            #expect((down.value ?? 0) > 85 && (down.value ?? 100) < 87, "\(down)")

            let admin = try TestServers.connect(.mysql)
            defer { admin.close() }
            let user = "dbops_seq_\(UUID().uuidString.prefix(6).lowercased())"
            // Account statements take no placeholders; the name is generated here, not input.
            try admin.executeScript("CREATE USER '\(user)'@'127.0.0.1' IDENTIFIED BY 'limited-pw'")
            defer { try? admin.executeScript("DROP USER '\(user)'@'127.0.0.1'") }
            // Listed (it holds a privilege on it) but not readable.
            try admin.executeScript(
                "GRANT INSERT ON \(admin.dialect.quote(scratch.name)).`down` TO '\(user)'@'127.0.0.1'")
            var config = try scratch.config
            config.user = user
            config.password = Secret("limited-pw")
            let hidden = try #require(runChecks(config, ["sequences"]).check("sequences"))
            #expect(hidden.status == .unknown && hidden.summary.contains("GRANT SELECT"), "\(hidden)")
        }
    }

    @Test func missingPrivilegeIsUnknownAndNamesTheGrant() throws {
        try ScratchDatabase.with(.mysql, prefix: "health") { scratch in
            let admin = try TestServers.connect(.mysql)
            defer { admin.close() }
            let user = "dbops_lim_\(UUID().uuidString.prefix(6).lowercased())"
            // Account statements take no placeholders; the name is generated here, not input.
            try admin.executeScript("CREATE USER '\(user)'@'127.0.0.1' IDENTIFIED BY 'limited-pw'")
            defer { try? admin.executeScript("DROP USER '\(user)'@'127.0.0.1'") }
            try admin.executeScript("GRANT SELECT ON \(admin.dialect.quote(scratch.name)).* TO '\(user)'@'127.0.0.1'")
            var config = try scratch.config
            config.user = user
            config.password = Secret("limited-pw")
            let report = runChecks(config, ["idle_in_transaction", "database_size"])
            let check = try #require(report.check("idle_in_transaction"))
            #expect(check.status == .unknown)
            #expect(check.summary.contains("PROCESS"))
            #expect(report.check("database_size")?.status == .ok)
            #expect(report.status == .unknown)
        }
    }

    /// A monitoring account with PROCESS but no SELECT sees the tables (and their
    /// AUTO_INCREMENT counters) but not their columns: the counter nearly used up must make
    /// auto_increment UNKNOWN, never "no AUTO_INCREMENT columns"; the replica status the
    /// account may not read names the privilege the server asked for, not PROCESS again.
    @Test func monitoringAccountWithoutSelect() throws {
        try ScratchDatabase.with(.mysql, prefix: "health") { scratch in
            let admin = try TestServers.connect(.mysql)
            defer { admin.close() }
            let user = "dbops_mon_\(UUID().uuidString.prefix(6).lowercased())"
            let schema = admin.dialect.quote(scratch.name)
            // Account statements take no placeholders; the name is generated here, not input.
            try admin.executeScript(
                """
                CREATE USER '\(user)'@'127.0.0.1' IDENTIFIED BY 'monitor-pw';
                GRANT PROCESS ON *.* TO '\(user)'@'127.0.0.1';
                GRANT SHOW VIEW ON \(schema).* TO '\(user)'@'127.0.0.1';
                CREATE TABLE \(schema).tiny (id TINYINT AUTO_INCREMENT PRIMARY KEY) AUTO_INCREMENT = 120;
                """)
            defer { try? admin.executeScript("DROP USER '\(user)'@'127.0.0.1'") }
            var config = try scratch.config
            config.user = user
            config.password = Secret("monitor-pw")
            let report = runChecks(config, ["auto_increment", "replication"])
            let counters = try #require(report.check("auto_increment"))
            #expect(counters.status == .unknown, "\(counters.summary)")
            #expect(counters.summary.hasPrefix("1 AUTO_INCREMENT counter(s) on columns this user may not see"))
            #expect(counters.summary.contains("GRANT SELECT ON <schema>.* TO '\(user)'@'<host>'"))
            let replication = try #require(report.check("replication"))
            #expect(replication.status == .unknown)
            #expect(replication.summary.contains("grant it with: GRANT SLAVE MONITOR ON *.*"), "\(replication.summary)")
            try admin.executeScript("GRANT SELECT ON \(schema).* TO '\(user)'@'127.0.0.1'")
            let granted = try #require(runChecks(config, ["auto_increment"]).check("auto_increment"))
            #expect(granted.status == .critical, "\(granted.summary)")
            #expect(abs((granted.value ?? 0) - 93.7) < 0.01)
        }
    }
}
