@testable import Archive
import DBCore
import Foundation
import Testing
import TestSupport

/// Cleanup on both engines, against tables the tests fill: one with an index on its expiry
/// column (batches read expired rows oldest first) and one without, with a composite key
/// (batches walk the primary key).
@Suite("Cleanup on real servers", .serialized)
struct CleanupTests {
    static let rules = [
        CleanupRule(name: "cache", table: "cache", column: "expires_at"),
        CleanupRule(name: "tokens", table: "tokens", column: "expires_at", grace: 3600),
    ]

    /// cache: 6000 rows, the odd ones expired 2 hours to 30 days ago, the even ones live for
    /// another hour to 30 days. tokens: 3000 rows on (user, seq), the first 2000 expired more
    /// than 2 hours ago, 500 expired 30 minutes ago (within the one-hour grace), 500 live.
    static func fill(_ connection: DatabaseConnection) throws {
        switch connection.engine {
        case .postgres:
            try connection.executeScript(
                """
                CREATE TABLE cache (key text PRIMARY KEY, value text, expires_at timestamptz NOT NULL);
                CREATE INDEX cache_expires ON cache (expires_at);
                INSERT INTO cache SELECT 'k' || i, repeat('v', 50),
                    CASE WHEN i % 2 = 1 THEN now() - interval '2 hours' - (i % 720) * interval '1 hour'
                         ELSE now() + interval '1 hour' + (i % 720) * interval '1 hour' END
                FROM generate_series(1, 6000) i;
                CREATE TABLE tokens (user_id int, seq int, expires_at timestamp NOT NULL, PRIMARY KEY (user_id, seq));
                INSERT INTO tokens SELECT i / 10, i % 10,
                    CASE WHEN i < 2000 THEN (now() AT TIME ZONE 'UTC') - interval '2 hours' - (i % 50) * interval '1 minute'
                         WHEN i < 2500 THEN (now() AT TIME ZONE 'UTC') - interval '30 minutes'
                         ELSE (now() AT TIME ZONE 'UTC') + interval '1 day' END
                FROM generate_series(0, 2999) i;
                ANALYZE cache; ANALYZE tokens
                """)
        case .mysql:
            try connection.executeScript(
                """
                CREATE TABLE cache (`key` VARCHAR(64) PRIMARY KEY, value TEXT, expires_at TIMESTAMP(6) NOT NULL, KEY cache_expires (expires_at));
                INSERT INTO cache SELECT CONCAT('k', seq), REPEAT('v', 50),
                    IF(seq % 2 = 1, UTC_TIMESTAMP(6) - INTERVAL 2 HOUR - INTERVAL (seq % 720) HOUR,
                                    UTC_TIMESTAMP(6) + INTERVAL 1 HOUR + INTERVAL (seq % 720) HOUR)
                FROM seq_1_to_6000;
                CREATE TABLE tokens (user_id INT, seq INT, expires_at DATETIME(6) NOT NULL, PRIMARY KEY (user_id, seq));
                INSERT INTO tokens SELECT seq DIV 10, seq % 10,
                    CASE WHEN seq < 2000 THEN UTC_TIMESTAMP(6) - INTERVAL 2 HOUR - INTERVAL (seq % 50) MINUTE
                         WHEN seq < 2500 THEN UTC_TIMESTAMP(6) - INTERVAL 30 MINUTE
                         ELSE UTC_TIMESTAMP(6) + INTERVAL 1 DAY END
                FROM seq_0_to_2999;
                ANALYZE TABLE cache, tokens
                """)
        }
    }

    static func options(batch: Int = 250) -> CleanupOptions {
        var options = CleanupOptions()
        options.rules = rules
        options.builtIn = false
        options.maintenance.batchSize = batch
        options.maintenance.pause = 0
        return options
    }

    static func count(_ connection: DatabaseConnection, _ sql: String) throws -> Int64 {
        Int64(try connection.scalar(sql) ?? "") ?? -1
    }

    @Test("Deletes exactly the expired rows, in batches, by both strategies", arguments: Engine.allCases)
    func deletesExactlyTheExpiredRows(_ engine: Engine) throws {
        try ScratchDatabase.with(engine, prefix: "clean") { scratch in
            let connection = try scratch.connect()
            defer { connection.close() }
            try Self.fill(connection)
            let keepCache = try connection.query(
                "SELECT \(connection.dialect.quote("key")) FROM cache WHERE expires_at > \(engine == .postgres ? "now()" : "UTC_TIMESTAMP(6)") ORDER BY 1"
            ).rows.map { $0[0]! }
            #expect(keepCache.count == 3000)

            let dry = try CleanupRunner.run(
                scratch.config, label: "t",
                options: {
                    var o = Self.options(); o.maintenance.dryRun = true; return o
                }())
            #expect(dry.outcome == .dryRun)
            #expect(dry.tables.map(\.rows) == [3000, 2000])
            #expect(dry.tables[0].statements.joined().contains("FOR UPDATE SKIP LOCKED"))
            #expect(
                dry.tables[0].description.contains("oldest first")
                    && dry.tables[1].description.contains("walking its key (user_id, seq)"))
            #expect(try Self.count(connection, "SELECT count(*) FROM cache") == 6000, "a dry run changes nothing")

            let report = try CleanupRunner.run(scratch.config, label: "t", options: Self.options())
            #expect(report.outcome == .complete)
            #expect(report.tables.map(\.rows) == [3000, 2000])
            #expect(report.tables[0].batches >= 12, "3000 rows in batches of at most 250")
            let remaining = try connection.query("SELECT \(connection.dialect.quote("key")) FROM cache ORDER BY 1").rows
                .map { $0[0]! }
            #expect(remaining == keepCache)
            #expect(
                try Self.count(connection, "SELECT count(*) FROM tokens") == 1000,
                "the 500 within their grace hour stay")
            #expect(try Self.count(connection, "SELECT count(*) FROM tokens WHERE user_id * 10 + seq < 2000") == 0)

            let again = try CleanupRunner.run(scratch.config, label: "t", options: Self.options())
            #expect(again.rows == 0 && again.outcome == .complete, "nothing left: a re-run does nothing")
        }
    }

    @Test(
        "A concurrent writer refreshing and adding rows sees no errors and no lock wait over 1s",
        arguments: Engine.allCases)
    func concurrentWriter(_ engine: Engine) throws {
        try ScratchDatabase.with(engine, prefix: "cleanw") { scratch in
            let setup = try scratch.connect()
            try Self.fill(setup)
            setup.close()
            let stop = Flag()
            let writes = Counter()
            // The application: refreshes expired and live keys (row locks cleanup also wants)
            // and adds new ones, each write its own transaction, giving up after 1s of lock wait.
            let writer = Background {
                let app = try scratch.connect()
                defer { app.close() }
                try app.apply(SessionSettings(lockTimeout: 1))
                let q = app.dialect.quote("key")
                var i = 0
                while !stop.isSet {
                    i += 1
                    let refresh =
                        engine == .postgres
                        ? "UPDATE cache SET expires_at = now() + interval '1 day' WHERE key = $1"
                        : "UPDATE cache SET expires_at = UTC_TIMESTAMP(6) + INTERVAL 1 DAY WHERE \(q) = ?"
                    try app.execute(refresh, [.text("k\((i * 37) % 6000 + 1)")])
                    let insert =
                        engine == .postgres
                        ? "INSERT INTO cache VALUES ($1, 'new', now() + interval '1 hour')"
                        : "INSERT INTO cache VALUES (?, 'new', UTC_TIMESTAMP(6) + INTERVAL 1 HOUR)"
                    try app.execute(insert, [.text("new\(i)")])
                    writes.add()
                }
            }
            #expect(eventually(timeout: 10) { writes.value > 5 || writer.isFinished })
            var options = Self.options(batch: 100)
            options.only = ["cache"]
            options.maintenance.pause = 0.01
            let report = try CleanupRunner.run(scratch.config, label: "t", options: options)
            stop.set()
            #expect(writer.wait() == nil, "the application's writes all succeeded")
            #expect(report.outcome == .complete)
            let check = try scratch.connect()
            defer { check.close() }
            let now = engine == .postgres ? "now()" : "UTC_TIMESTAMP(6)"
            // Every row still there is live: expired ones went, refreshed ones were spared.
            #expect(try Self.count(check, "SELECT count(*) FROM cache WHERE expires_at < \(now)") == 0)
            #expect(try Self.count(check, "SELECT count(*) FROM cache WHERE value = 'new'") == Int64(writes.value))
            #expect(
                report.tables[0].rows + (try Self.count(check, "SELECT count(*) FROM cache WHERE value <> 'new'"))
                    == 6000)
        }
    }

    @Test("Stops at --max-runtime and a re-run carries on; an overlapping run is refused", arguments: Engine.allCases)
    func maxRuntimeAndLock(_ engine: Engine) throws {
        try ScratchDatabase.with(engine, prefix: "cleant") { scratch in
            let connection = try scratch.connect()
            defer { connection.close() }
            try Self.fill(connection)
            var slow = Self.options(batch: 100)
            slow.maintenance.pause = 0.2
            slow.maintenance.maxRuntime = 0.5
            let first = try CleanupRunner.run(scratch.config, label: "t", options: slow)
            #expect(first.outcome == .stoppedAtMaxRuntime)
            #expect(first.rows > 0 && first.rows < 5000)
            let rest = try CleanupRunner.run(scratch.config, label: "t", options: Self.options())
            #expect(rest.outcome == .complete && first.rows + rest.rows == 5000)

            // Another session holds the job's lock: the run refuses at once and deletes nothing.
            try connection.executeScript(
                engine == .postgres
                    ? "INSERT INTO cache SELECT 'late' || i, 'x', now() - interval '1 day' FROM generate_series(1, 10) i"
                    : "INSERT INTO cache SELECT CONCAT('late', seq), 'x', UTC_TIMESTAMP(6) - INTERVAL 1 DAY FROM seq_1_to_10"
            )
            let holder = try scratch.connect()
            defer { holder.close() }
            #expect(try holder.tryNamedLock(jobLockName(job: "cleanup", database: scratch.name)))
            #expect(throws: JobLockHeld.self) {
                _ = try CleanupRunner.run(scratch.config, label: "t", options: Self.options())
            }
            let cli = try DBOpsProcess.run(["cleanup", "--no-builtin"], environment: ["DBOPS_URL": try scratch.url])
            #expect(cli.exitCode == 75, "\(cli)")
            #expect(cli.stderr.contains("already running") && cli.stderr.split(separator: "\n").count == 1)
            #expect(try Self.count(connection, "SELECT count(*) FROM cache WHERE value = 'x'") == 10)
        }
    }

    @Test(
        "SIGKILL at any moment loses nothing and leaves no half batch; the re-run finishes", arguments: Engine.allCases)
    func killedAndRerun(_ engine: Engine) throws {
        try ScratchDatabase.with(engine, prefix: "cleank") { scratch in
            let connection = try scratch.connect()
            defer { connection.close() }
            try Self.fill(connection)
            let live = try Self.count(
                connection,
                "SELECT count(*) FROM cache WHERE expires_at > \(engine == .postgres ? "now()" : "UTC_TIMESTAMP(6)")")
            let config = FileManager.default.temporaryDirectory.appendingPathComponent(
                "dbops-clean-\(UUID().uuidString).toml"
            ).path
            try """
            [cleanup.rules.cache]
            table = "cache"
            column = "expires_at"
            """.write(toFile: config, atomically: true, encoding: .utf8)
            defer { try? FileManager.default.removeItem(atPath: config) }
            for delay in [0.3, 0.6] {
                let process = try DBOpsProcess.start(
                    ["--config", config, "cleanup", "--no-builtin", "--batch-size", "50", "--pause", "0.02"],
                    environment: ["DBOPS_URL": try scratch.url])
                Thread.sleep(forTimeInterval: delay)
                kill(process.processIdentifier, SIGKILL)
                process.waitUntilExit()
                // Whole batches only: what is gone is a multiple of nothing in particular, but
                // every live row is still there and nothing expired was half-deleted.
                #expect(
                    try Self.count(
                        connection,
                        "SELECT count(*) FROM cache WHERE expires_at > \(engine == .postgres ? "now()" : "UTC_TIMESTAMP(6)")"
                    ) == live)
            }
            let rerun = try DBOpsProcess.run(
                ["--config", config, "cleanup", "--no-builtin", "--format", "json"],
                environment: ["DBOPS_URL": try scratch.url])
            #expect(rerun.exitCode == 0, "\(rerun)")
            #expect(try Self.count(connection, "SELECT count(*) FROM cache") == live)
            #expect(
                try Self.count(connection, "SELECT count(*) FROM tokens") == 3000, "a table without a rule is untouched"
            )
        }
    }
}

final class Flag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false
    var isSet: Bool { lock.lock(); defer { lock.unlock() }; return value }
    func set() { lock.lock(); value = true; lock.unlock() }
}

final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    var value: Int { lock.lock(); defer { lock.unlock() }; return count }
    func add() { lock.lock(); count += 1; lock.unlock() }
}
