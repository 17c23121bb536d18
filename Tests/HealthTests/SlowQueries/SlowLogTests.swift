@testable import Health
import Foundation
import Testing

@Suite("Slow log and fingerprints")
struct SlowLogTests {
    @Test(
        "Fingerprints group statements that differ only in values",
        arguments: [
            ("SELECT * FROM users WHERE id = 42", "select * from users where id=?"),
            ("select *\n  from users\twhere id=7 -- comment", "select * from users where id=?"),
            (
                "SELECT name FROM t WHERE a = 'it''s' AND b = \"x\\\"y\" AND c = -3.5e2",
                "select name from t where a=? and b=? and c=?"
            ),
            ("SELECT * FROM t WHERE id IN (1, 2, 3, 4)", "select * from t where id in(?+)"),
            ("INSERT INTO t (a, b) VALUES (1, 'x'), (2, 'y')", "insert into t(a,b)values(?+)"),
            ("SELECT * FROM t2 LIMIT 10, 20", "select * from t2 limit ?"),
            ("/* app=web */ SELECT 0x1F, col1 FROM `Tab1` WHERE x=1", "select ?,col1 from `tab1` where x=?"),
        ])
    func fingerprint(_ sql: String, _ expected: String) {
        #expect(QueryFingerprint.of(sql) == expected)
    }

    /// Lists are folded in one pass over the bytes: the regular expressions' repeated groups
    /// took minutes and gigabytes over a logged bulk INSERT.
    @Test("Fingerprints of lists: bulk VALUES and IN lists of any length, and what is not a list")
    func fingerprintLists() {
        let rows = (0..<200_000).map { "(\($0), 'name \($0)', \($0).5)" }.joined(separator: ", ")
        #expect(QueryFingerprint.of("INSERT INTO t (a, b, c) VALUES " + rows) == "insert into t(a,b,c)values(?+)")
        let ids = (0..<100_000).map(String.init).joined(separator: ",")
        #expect(
            QueryFingerprint.of("SELECT * FROM t WHERE id IN (\(ids)) AND x = 1")
                == "select * from t where id in(?+)and x=?")
        for (sql, expected) in [
            (
                "INSERT INTO t VALUES (1,2) ON DUPLICATE KEY UPDATE a = VALUES(a)",
                "insert into t values(?+)on duplicate key update a=values(?+)"
            ),
            ("SELECT * FROM t WHERE id IN (SELECT id FROM u)", "select * from t where id in(select id from u)"),
            ("SELECT login (1) FROM t", "select login(?)from t"),
            ("SELECT * FROM t WHERE a IN ( 1 , 2 )", "select * from t where a in(?+)"),
            ("INSERT INTO `values` (a) VALUES (1), (2", "insert into `values`(a)values(?+),(?"),
        ] {
            #expect(QueryFingerprint.of(sql) == expected, "\(sql)")
        }
        // Past 64 KiB a statement is grouped by its start.
        let long = "SELECT " + String(repeating: "a + ", count: 40_000) + "b FROM t"
        let print = QueryFingerprint.of(long)
        #expect(print.utf8.count < QueryFingerprint.maxFingerprintBytes + 8 && print.hasSuffix(" …"))
        // A report shows a statement's first 16 KiB and says how long it was.
        let shown = SlowQueryRunner.shortened(String(repeating: "é", count: 20_000))
        #expect(shown.hasSuffix(" … (40000 bytes in all)") && shown.hasPrefix("éé") && !shown.contains("\u{FFFD}"))
    }

    static let log = """
        /usr/sbin/mariadbd, Version: 10.11.19-MariaDB-0+deb12u1-log (Debian 12). started with:
        Tcp port: 3306  Unix socket: /run/mysqld/mysqld.sock
        Time                Id Command  Argument
        # Time: 241121 10:00:00
        # User@Host: app[app] @ localhost [127.0.0.1]
        # Thread_id: 31  Schema: scriptpal  QC_hit: No
        # Query_time: 1.000000  Lock_time: 0.000100  Rows_sent: 1  Rows_examined: 1000
        # Rows_affected: 0  Bytes_sent: 64
        use scriptpal;
        SET timestamp=1732183200;
        SELECT * FROM chat_messages WHERE user_id = 1;
        # Query_time: 2.000000  Lock_time: 0.000100  Rows_sent: 3  Rows_examined: 2000
        SET timestamp=1732183201;
        SELECT * FROM chat_messages WHERE user_id = 2;
        # Time: 241121 10:00:05
        # User@Host: app[app] @ localhost [127.0.0.1]
        # Thread_id: 32  Schema: scriptpal  QC_hit: No
        # Query_time: 4.000000  Lock_time: 0.000000  Rows_sent: 0  Rows_examined: 4000
        SET timestamp=1732183205;
        SELECT *
          FROM chat_messages
         WHERE user_id = 3;
        # Time: 2024-11-21T10:00:09.123456Z
        # User@Host: root[root] @ localhost []  Id:     8
        # Query_time: 10.000000  Lock_time: 0.000000 Rows_sent: 10  Rows_examined: 10
        SET timestamp=1732183209;
        UPDATE sessions SET expires_at = NOW() WHERE token = 'abc';
        # Time: 2024-11-21T10:00:10.000000Z
        # User@Host: root[root] @ localhost []  Id:     8
        # Query_time: 3.000000  Lock_time: 0.000000 Rows_sent: 5  Rows_examined: 7
        SET timestamp=1732183210;
        SELECT * FROM chat_messages WHERE user_id = 4;
        """

    @Test("A slow log with known content is reported number by number")
    func slowLogReport() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("slow-\(UUID().uuidString).log").path
        try Self.log.write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        var options = SlowQueryOptions()
        options.thresholds = ["mean_ms": Thresholds(warning: 2000, critical: 5000), "share_pct": Thresholds()]
        let report = try SlowQueryRunner.run(slowLog: path, explainWith: nil, label: path, options: options)
        #expect(report.source == "slow_log")
        #expect(report.statementCount == 2)
        #expect(report.totalMs == 20_000)
        let chat = try #require(report.statements.first { $0.query == "select * from chat_messages where user_id=?" })
        #expect(chat.calls == 4)
        #expect(chat.totalMs == 10_000)
        #expect(chat.meanMs == 2_500)
        #expect(chat.maxMs == 4_000)
        #expect(chat.minMs == 1_000)
        // Exact p95 of [1, 2, 3, 4] s by linear interpolation: 3 + 0.85 * (4 - 3) = 3.85 s.
        #expect(abs((chat.p95Ms ?? 0) - 3_850) < 0.001)
        #expect(chat.rows == 9)
        #expect(chat.rowsExamined == 7_007)
        #expect(chat.database == "scriptpal")
        #expect(chat.sharePercent == 50)
        #expect(chat.sample?.contains("user_id = 3") == true, "the slowest example is kept")
        #expect(chat.status == .warning)
        let update = try #require(report.statements.first { $0.query?.hasPrefix("update sessions") == true })
        #expect(update.calls == 1 && update.totalMs == 10_000 && update.p95Ms == 10_000 && update.rowsExamined == 10)
        #expect(update.status == .critical)
        #expect(report.status == .critical)
        #expect(report.statements.first?.id == update.id || report.statements.first?.totalMs == 10_000)
    }

    @Test("Times no server writes (inf, nan, 1e308, negative) count as 0; the report stays finite and encodes")
    func hostileTimes() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("slow-\(UUID().uuidString).log").path
        try """
        # Time: 2024-11-21T10:00:09.123456Z
        # Query_time: inf  Lock_time: -1 Rows_sent: 18446744073709551616  Rows_examined: -5
        SELECT 1;
        # Query_time: 1e308  Lock_time: nan Rows_sent: 1  Rows_examined: 1
        SELECT 2;
        # Query_time: 2.5  Lock_time: 0 Rows_sent: 1  Rows_examined: 1
        SELECT 3;
        """.write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let report = try SlowQueryRunner.run(slowLog: path, explainWith: nil, label: path, options: SlowQueryOptions())
        #expect(report.statementCount == 1 && report.statements.first?.calls == 3)
        #expect(report.totalMs == 2_500)
        #expect(report.statements.allSatisfy { $0.rows >= 0 && ($0.rowsExamined ?? 0) >= 0 })
        _ = try JSONEncoder().encode(report)
    }

    /// A statement longer than SlowLog.maxStatementBytes, on one line and over many, is
    /// kept up to it; what follows it is read as ever. (A 1 GB statement took 4.6 GB of
    /// memory, and input without line ends grew without end.)
    @Test("A statement past the kept length is cut there, on one line or many, and the log reads on")
    func oversizedStatements() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("slow-\(UUID().uuidString).log").path
        let cap = SlowLog.maxStatementBytes
        var log = Data(
            "# Time: 2024-11-21T10:00:09.123456Z\n# Query_time: 1.5  Lock_time: 0 Rows_sent: 0  Rows_examined: 0\n".utf8
        )
        log += Data("INSERT INTO big VALUES ".utf8) + Data(repeating: UInt8(ascii: "7"), count: cap + 3_000_000)
        log += Data(";\n# Query_time: 2.5  Lock_time: 0 Rows_sent: 1  Rows_examined: 1\nSELECT 3;\n".utf8)
        log += Data("# Query_time: 0.5  Lock_time: 0 Rows_sent: 1  Rows_examined: 1\nUPDATE many SET\n".utf8)
        for _ in 0..<(cap / 1_000_000 + 2) {
            log += Data(repeating: UInt8(ascii: "x"), count: 1_000_000) + Data("\n".utf8)
        }
        log += Data("# Query_time: 4  Lock_time: 0 Rows_sent: 1  Rows_examined: 1\nSELECT 4;\n".utf8)
        try log.write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        var entries: [SlowLogEntry] = []
        try SlowLog.read(path: path) { entries.append($0) }
        #expect(entries.map(\.queryTime) == [1.5, 2.5, 0.5, 4])
        #expect(entries.map { $0.text.utf8.count <= cap } == [true, true, true, true])
        #expect(entries[0].text.hasPrefix("INSERT INTO big VALUES 777") && entries[0].text.utf8.count == cap)
        #expect(entries[1].text == "SELECT 3;" && entries[3].text == "SELECT 4;")
        #expect(entries[2].text.hasPrefix("UPDATE many SET\nxxx") && entries[2].text.utf8.count > cap - 1_000_001)
    }

    @Test func percentileMatchesPercentileCont() {
        #expect(SlowLog.percentile([5], 0.95) == 5)
        #expect(SlowLog.percentile([1, 2], 0.5) == 1.5)
        #expect(abs(SlowLog.percentile((1...100).map(Double.init), 0.95) - 95.05) < 1e-9)
    }
}

@Suite("Snapshot windows")
struct StatementWindowTests {
    func counter(_ id: String, calls: Int64, ms: Double, firstSeen: String? = nil) -> StatementCounters {
        StatementCounters(
            id: id, database: "db", user: nil, query: nil, calls: calls, totalMs: ms, sumSquaresMs: nil, minMs: nil,
            maxMs: nil, rows: calls, rowsExamined: nil, sharedBlocksHit: nil, sharedBlocksRead: nil,
            tempBlocksWritten: nil,
            noIndexUsed: nil, tmpDiskTables: nil, firstSeen: firstSeen, p95Ms: nil, p99Ms: nil, sample: nil)
    }

    func snapshot(
        _ counters: [StatementCounters], at: Double, reset: Double? = nil, uptime: Int64? = nil, evictions: Int64? = nil
    ) -> StatementSnapshot {
        StatementSnapshot(
            takenAt: Date(timeIntervalSince1970: at), target: "t", source: "s",
            statsReset: reset.map { Date(timeIntervalSince1970: $0) },
            evictions: evictions, uptimeSeconds: uptime, counters: counters)
    }

    @Test func deltaSincePreviousSnapshot() {
        let before = snapshot(
            [counter("a", calls: 10, ms: 100), counter("b", calls: 5, ms: 50)], at: 1000, reset: 1, evictions: 0)
        let now = snapshot(
            [counter("a", calls: 15, ms: 160), counter("b", calls: 5, ms: 50), counter("c", calls: 2, ms: 8)], at: 4600,
            reset: 1, evictions: 0)
        let result = StatementWindow.compute(current: now, previous: before)
        #expect(result.window.mode == "delta")
        let byID = Dictionary(uniqueKeysWithValues: result.statements.map { ($0.id, $0) })
        #expect(byID["a"]?.calls == 5 && byID["a"]?.totalMs == 60)
        #expect(byID["b"] == nil, "no calls in the window")
        #expect(byID["c"]?.calls == 2, "a new statement counts from zero")
        #expect(result.notes.isEmpty)
    }

    @Test func resetIsDetected() {
        let before = snapshot([counter("a", calls: 10, ms: 100)], at: 1000, reset: 1)
        let now = snapshot([counter("a", calls: 3, ms: 30)], at: 2000, reset: 1500)
        let result = StatementWindow.compute(current: now, previous: before)
        #expect(result.statements.first?.calls == 3)
        #expect(result.notes.contains { $0.contains("reset") })
    }

    @Test func restartAndEvictionAreDetected() {
        let before = snapshot([counter("a", calls: 10, ms: 100)], at: 1000, uptime: 5000)
        let restarted = StatementWindow.compute(
            current: snapshot([counter("a", calls: 4, ms: 40)], at: 2000, uptime: 100), previous: before)
        #expect(restarted.notes.contains { $0.contains("restarted") })
        #expect(restarted.statements.first?.calls == 4)

        let evicted = StatementWindow.compute(
            current: snapshot([counter("a", calls: 12, ms: 10, firstSeen: "later")], at: 2000, uptime: 6000),
            previous: snapshot([counter("a", calls: 10, ms: 100, firstSeen: "early")], at: 1000, uptime: 5000))
        #expect(evicted.statements.first?.calls == 12, "re-added entries count from when they came back")
        #expect(evicted.notes.contains { $0.contains("evicted or reset") })

        let deallocated = StatementWindow.compute(
            current: snapshot([counter("a", calls: 12, ms: 120)], at: 2000, reset: 1, evictions: 7),
            previous: snapshot([counter("a", calls: 10, ms: 100)], at: 1000, reset: 1, evictions: 2))
        #expect(deallocated.notes.contains { $0.contains("5 statement entries were evicted") })
    }

    @Test func standardDeviationFromSumsOfSquares() {
        // Durations 1, 2, 3 ms: mean 2, population stddev sqrt(2/3).
        var c = counter("a", calls: 3, ms: 6)
        c.sumSquaresMs = 1 + 4 + 9
        let stats = StatementWindow.stats([c], totalMs: 6)
        #expect(abs((stats[0].stddevMs ?? 0) - (2.0 / 3.0).squareRoot()) < 1e-9)
        #expect(stats[0].sharePercent == 100)
    }
}
