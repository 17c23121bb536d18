import Backup
import DBCore
import Foundation
import Testing
import TestSupport

/// A writer keeps moving value between two tables, in transactions, while the backup runs
/// with several workers and many chunks: the restored copy must show every transaction
/// wholly or not at all (equal sums, equal counts).
@Suite("Backup consistency under writes")
struct ConsistencyTests {
    @Test("A concurrent writer's invariant holds in the restored copy", arguments: Engine.allCases)
    func invariantHolds(_ engine: Engine) throws {
        try ScratchDatabase.with(engine, prefix: "cons") { source in
            let setup = try source.connect()
            defer { setup.close() }
            let series = engine == .postgres ? "generate_series(1, 150000) g" : "seq_1_to_150000"
            let column = engine == .postgres ? "g" : "seq"
            try setup.executeScript(
                """
                CREATE TABLE ledger_a (id BIGINT PRIMARY KEY, v BIGINT NOT NULL, pad TEXT);
                CREATE TABLE ledger_b (id BIGINT PRIMARY KEY, v BIGINT NOT NULL, pad TEXT);
                INSERT INTO ledger_a SELECT \(column), 10, REPEAT('a', 40) FROM \(series);
                INSERT INTO ledger_b SELECT \(column), 10, REPEAT('b', 40) FROM \(series);
                """)
            // Size estimates drive chunking; MariaDB refreshes them only on ANALYZE.
            try setup.executeScript(engine == .postgres ? "ANALYZE" : "ANALYZE TABLE ledger_a, ledger_b")
            let writer = try source.connect()
            defer { writer.close() }
            let stop = StopFlag()
            let p = writer.dialect.placeholder
            let work = Background {
                var next: Int64 = 200_000, transactions = 0
                while !stop.isSet {
                    next += 1
                    let moved = Int64(transactions % 7 + 1)
                    let row = Int64(transactions * 7919 % 150_000 + 1)
                    // Each transaction adds the same amount to both tables, in two places each:
                    // between transactions SUM(a) = SUM(b) and COUNT(a) = COUNT(b).
                    try writer.transaction {
                        try writer.execute(
                            "INSERT INTO ledger_a VALUES (\(p(1)), \(p(2)), 'new')", [.int(next), .int(moved)])
                        try writer.execute(
                            "UPDATE ledger_b SET v = v + \(p(1)) WHERE id = \(p(2))", [.int(moved), .int(row)])
                        try writer.execute(
                            "UPDATE ledger_a SET v = v + \(p(1)) WHERE id = \(p(2))", [.int(moved), .int(row)])
                        try writer.execute(
                            "INSERT INTO ledger_b VALUES (\(p(1)), \(p(2)), 'new')", [.int(next), .int(moved)])
                    }
                    transactions += 1
                }
            }
            defer { stop.set(); work.wait() }
            Thread.sleep(forTimeInterval: 0.3)
            try withTemporaryDirectory { folder in
                // Tiny chunks: both tables are read in many pieces by two workers, interleaved
                // with the writer's commits.
                let summary = try BackupRunner.run(
                    try source.config, options: BackupOptions(output: folder + "/b", jobs: 2, chunkBytes: 256 << 10))
                stop.set()
                #expect(work.wait() == nil)
                #expect(summary.files >= 8)
                let countAfter = try setup.scalar("SELECT COUNT(*) FROM ledger_a").flatMap(Int.init) ?? 0
                #expect(countAfter > 150_000, "the writer committed during the backup")
                try ScratchDatabase.with(engine, prefix: "consr") { target in
                    _ = try RestoreRunner.run(try target.config, options: RestoreOptions(input: folder + "/b"))
                    let check = try target.connect()
                    defer { check.close() }
                    let sums = try check.query(
                        "SELECT (SELECT SUM(v) FROM ledger_a) AS a, (SELECT SUM(v) FROM ledger_b) AS b, (SELECT COUNT(*) FROM ledger_a) AS ca, (SELECT COUNT(*) FROM ledger_b) AS cb"
                    ).first
                    #expect(sums?["a"] == sums?["b"], "sums differ: a \(sums?["a"] ?? "?"), b \(sums?["b"] ?? "?")")
                    #expect(sums?["ca"] == sums?["cb"])
                    #expect(Int(sums?["ca"] ?? "0")! > 150_000, "the copy includes the writer's early commits")
                }
            }
        }
    }
}

final class StopFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false
    var isSet: Bool { lock.lock(); defer { lock.unlock() }; return value }
    func set() { lock.lock(); value = true; lock.unlock() }
}
