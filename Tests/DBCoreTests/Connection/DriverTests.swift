import DBCore
import Foundation
import Testing
import TestSupport

/// The core API on both real servers.
@Suite("Drivers")
struct DriverTests {
    @Test("Server flavour and version are detected", arguments: Engine.allCases)
    func flavour(_ engine: Engine) throws {
        let connection = try TestServers.connect(engine)
        defer { connection.close() }
        switch engine {
        case .postgres:
            #expect(connection.server.flavor == .postgresql)
            #expect(connection.server.versionNumber / 10000 == 15)
        case .mysql:
            #expect(connection.server.flavor == .mariadb)
            #expect(connection.server.majorMinor == (10, 11))
        }
        #expect(connection.sessionID > 0)
    }

    @Test("Bound parameters carry any value, hostile text included", arguments: Engine.allCases)
    func boundParameters(_ engine: Engine) throws {
        let connection = try TestServers.connect(engine)
        defer { connection.close() }
        let hostile = "'; DROP TABLE users; -- \\ \" ` 😀 𝒜"
        let long = String(repeating: "ab€", count: 40_000)
        let p = connection.dialect.placeholder
        let row = try #require(
            try connection.query(
                "SELECT \(p(1)) AS hostile, \(p(2)) AS empty, \(p(3)) AS nothing, \(p(4)) AS long_text, \(p(5)) + 1 AS number",
                [.text(hostile), .text(""), .null, .text(long), .int(41)]
            ).first)
        #expect(row["hostile"] == hostile)
        #expect(row["empty"] == "")
        #expect(row["nothing"] == nil)
        #expect(row["long_text"] == long)
        #expect(row.int("number") == 42)
    }

    @Test("Rows stream one at a time and a failing consumer leaves the connection usable", arguments: Engine.allCases)
    func streaming(_ engine: Engine) throws {
        let connection = try TestServers.connect(engine)
        defer { connection.close() }
        let sql =
            engine == .postgres
            ? "SELECT g AS n, repeat('x', 50) AS pad FROM generate_series(1, 20000) g"
            : "SELECT seq AS n, REPEAT('x', 50) AS pad FROM seq_1_to_20000"
        var sum = 0
        let count = try connection.stream(sql, []) { row in sum += row.int("n") ?? 0 }
        #expect(count == 20000)
        #expect(sum == 20000 * 20001 / 2)

        struct Stop: Error {}
        var seen = 0
        #expect(throws: Stop.self) {
            try connection.stream(sql, []) { _ in
                seen += 1
                if seen == 100 { throw Stop() }
            }
        }
        #expect(seen == 100)
        #expect(try connection.scalar("SELECT 7") == "7")
    }

    @Test("Transactions commit and roll back", arguments: Engine.allCases)
    func transactions(_ engine: Engine) throws {
        try ScratchDatabase.with(engine) { scratch in
            let connection = try scratch.connect()
            defer { connection.close() }
            try connection.executeScript("CREATE TABLE t (id INT PRIMARY KEY, v TEXT)")
            try connection.transaction { try connection.execute("INSERT INTO t VALUES (1, 'kept')") }
            struct Boom: Error {}
            #expect(throws: Boom.self) {
                try connection.transaction {
                    try connection.execute("INSERT INTO t VALUES (2, 'lost')")
                    throw Boom()
                }
            }
            #expect(try connection.scalar("SELECT COUNT(*) FROM t") == "1")
        }
    }

    @Test("Identifiers are quoted, whatever they hold", arguments: Engine.allCases)
    func identifierQuoting(_ engine: Engine) throws {
        try ScratchDatabase.with(engine) { scratch in
            let connection = try scratch.connect()
            defer { connection.close() }
            let d = connection.dialect
            let table = d.quote("Mixed \"Case\" `table`")
            try connection.executeScript(
                "CREATE TABLE \(table) (\(d.quote("select")) INT, \(d.quote("we\"ird`col")) TEXT)")
            try connection.execute(
                "INSERT INTO \(table) VALUES (\(d.placeholder(1)), \(d.placeholder(2)))", [.int(1), .text("ok")])
            #expect(
                try connection.scalar("SELECT \(d.quote("we\"ird`col")) FROM \(table) WHERE \(d.quote("select")) = 1")
                    == "ok")
        }
    }

    @Test(
        "PostgreSQL: a session searches pg_catalog first, keeps the database's path as written and makes objects in its first schema"
    )
    func catalogFirstPath() throws {
        try ScratchDatabase.with(.postgres) { scratch in
            let setup = try scratch.connect()
            try setup.executeScript(
                """
                CREATE SCHEMA "Odd ""pg_catalog"", x";
                CREATE FUNCTION public.now() RETURNS timestamptz LANGUAGE sql AS $$ SELECT 'epoch'::timestamptz $$;
                ALTER DATABASE \(scratch.name)
                  SET search_path = "Odd ""pg_catalog"", x", dbops_later, PG_CATALOG, public
                """)
            setup.close()

            let connection = try scratch.connect()
            defer { connection.close() }
            // Every entry but pg_catalog, as written; a schema made later is found by name.
            #expect(try connection.scalar("SHOW search_path") == #""Odd ""pg_catalog"", x", dbops_later, public"#)
            #expect(try connection.scalar("SELECT now() > '2000-01-01'") == "t", "the built-in now(), not public's")
            try connection.executeScript("CREATE TABLE made_here (id int); CREATE SCHEMA dbops_later")
            try connection.executeScript("CREATE TABLE dbops_later.later (id int); INSERT INTO later VALUES (1)")
            #expect(try connection.scalar("SELECT count(*) FROM later") == "1")
            #expect(
                try connection.scalar(
                    "SELECT relnamespace::regnamespace::text FROM pg_class WHERE relname = 'made_here'")
                    == #""Odd ""pg_catalog"", x""#)
        }
    }

    @Test("Statement timeout, read-only session and lock timeout are enforced", arguments: Engine.allCases)
    func sessionSettings(_ engine: Engine) throws {
        try ScratchDatabase.with(engine) { scratch in
            let holder = try scratch.connect()
            defer { holder.close() }
            try holder.executeScript("CREATE TABLE t (id INT PRIMARY KEY, v INT)")
            try holder.execute("INSERT INTO t VALUES (1, 0)")

            let limited = try scratch.connect()
            defer { limited.close() }
            try limited.apply(SessionSettings(statementTimeout: 0.5))
            let sleep = engine == .postgres ? "SELECT pg_sleep(3)" : "SELECT SLEEP(3)"
            let clock = Date()
            do {
                _ = try limited.query(sleep)
                // MariaDB's SLEEP returns 1 instead of failing when interrupted by max_statement_time.
                #expect(engine == .mysql, "the statement should have been stopped")
            } catch let error as DBError {
                #expect(error.code == .timeout)
            }
            #expect(Date().timeIntervalSince(clock) < 2.5)

            // Lock timeout: another session holds the row.
            try holder.begin()
            try holder.execute("UPDATE t SET v = 1 WHERE id = 1")
            try limited.apply(SessionSettings(statementTimeout: 10, lockTimeout: 1))
            let waitClock = Date()
            #expect { try limited.execute("UPDATE t SET v = 2 WHERE id = 1") } throws: { error in
                (error as? DBError)?.code == .lockNotAvailable
            }
            #expect(Date().timeIntervalSince(waitClock) < 5)
            try holder.rollback()

            let readOnly = try scratch.connect()
            defer { readOnly.close() }
            try readOnly.apply(SessionSettings(readOnly: true))
            #expect(throws: DBError.self) { try readOnly.execute("INSERT INTO t VALUES (3, 3)") }
            #expect(try readOnly.scalar("SELECT COUNT(*) FROM t") == "1")
        }
    }

    @Test("Named locks exclude a second session and die with the first", arguments: Engine.allCases)
    func namedLocks(_ engine: Engine) throws {
        let name = "dbops:test:\(UUID().uuidString)"
        let first = try TestServers.connect(engine)
        let second = try TestServers.connect(engine)
        defer { second.close() }
        #expect(try first.tryNamedLock(name))
        #expect(try !second.tryNamedLock(name))
        first.close()
        #expect(try eventually(timeout: 5) { try second.tryNamedLock(name) })
        try second.releaseNamedLock(name)
        let long = String(repeating: "x", count: 200)
        #expect(try second.tryNamedLock(long))
    }

    @Test("A running statement can be cancelled from another thread", arguments: Engine.allCases)
    func cancel(_ engine: Engine) throws {
        let connection = try TestServers.connect(engine)
        defer { connection.close() }
        let canceller = connection.makeCanceller()
        let sleep = engine == .postgres ? "SELECT pg_sleep(30)" : "SELECT SLEEP(30)"
        let trigger = Background {
            Thread.sleep(forTimeInterval: 0.5)
            canceller.cancel()
        }
        let clock = Date()
        do {
            _ = try connection.query(sleep)
            #expect(engine == .mysql, "PostgreSQL must report the cancel as an error")
        } catch let error as DBError {
            #expect(error.code == .cancelled)
        }
        #expect(Date().timeIntervalSince(clock) < 10)
        trigger.wait()
        #expect(try connection.scalar("SELECT 1") == "1")
    }

    @Test("PostgreSQL in German: a statement timeout is still a timeout, and dbops' own cancel a cancel")
    func localizedTimeout() throws {
        let connection = try TestServers.connect(.postgres)
        defer { connection.close() }
        // The session's messages in German (the locale comes from scripts/install-deps.sh),
        // as a server whose lc_messages is German gives every session.
        try connection.execute("SET lc_messages = 'de_DE.UTF-8'")
        #expect(throws: DBError.self) { try connection.query("SELECT 1/0") }
        do { _ = try connection.query("SELECT 1/0") } catch let error as DBError {
            #expect(error.message.contains("Division durch Null"), "\(error.message)")
        }
        try connection.execute("SET statement_timeout = '200ms'")
        do {
            _ = try connection.query("SELECT pg_sleep(10)")
            Issue.record("the statement timeout must end it")
        } catch let error as DBError {
            #expect(error.code == .timeout, "\(error.code): \(error.message)")
        }
        try connection.execute("SET statement_timeout = 0")
        let canceller = connection.makeCanceller()
        let trigger = Background {
            Thread.sleep(forTimeInterval: 0.5)
            canceller.cancel()
        }
        do {
            _ = try connection.query("SELECT pg_sleep(30)")
            Issue.record("the cancel must end it")
        } catch let error as DBError {
            #expect(error.code == .cancelled, "\(error.code): \(error.message)")
        }
        trigger.wait()
    }

    @Test("Server errors are typed, with SQLSTATE or the MySQL error number", arguments: Engine.allCases)
    func typedErrors(_ engine: Engine) throws {
        let connection = try TestServers.connect(engine)
        defer { connection.close() }
        do {
            _ = try connection.query("SELEC 1")
            Issue.record("syntax error expected")
        } catch let error as DBError {
            #expect(error.code == .serverError)
            if engine == .postgres { #expect(error.sqlState == "42601") } else { #expect(error.mysqlErrno == 1064) }
            #expect(!error.description.contains("\n"))
        }
        #expect { _ = try connection.query("SELECT * FROM no_such_table_here") } throws: { error in
            (error as? DBError)?.code == .undefinedObject
        }
        // The connection survives its errors.
        #expect(try connection.scalar("SELECT 2") == "2")
    }

    @Test("A session the server ends mid-use fails in one readable line", arguments: Engine.allCases)
    func endedSession(_ engine: Engine) throws {
        let connection = try TestServers.connect(engine)
        defer { connection.close() }
        let admin = try TestServers.connect(engine)
        defer { admin.close() }
        let kill =
            engine == .postgres
            ? "SELECT pg_terminate_backend(\(connection.sessionID))" : "KILL \(connection.sessionID)"
        try admin.execute(kill)
        do {
            _ = try connection.query("SELECT 1")
            Issue.record("the ended session answered")
        } catch let error as DBError {
            #expect(!error.description.contains("\n") && !error.description.contains("\t"), "\(error)")
            // libpq's wrapped sentence stays one sentence; the server's FATAL and libpq's
            // own sentence after it stay two.
            if engine == .postgres {
                #expect(error.description.contains("terminated abnormally before or while processing"), "\(error)")
                #expect(
                    error.description.contains("administrator command; server closed the connection unexpectedly"),
                    "\(error)")
            }
        }
    }

    @Test("Connection failures are classified and quick", arguments: Engine.allCases)
    func connectFailures(_ engine: Engine) throws {
        var wrong = try TestServers.config(engine)
        wrong.password = Secret("definitely-wrong")
        #expect { _ = try Database.connect(wrong) } throws: { ($0 as? DBError)?.code == .authenticationFailed }

        var dead = try TestServers.config(engine)
        dead.port = 1
        #expect { _ = try Database.connect(dead) } throws: { ($0 as? DBError)?.code == .connectionFailed }

        let missing = try TestServers.config(engine, database: "no_such_database_here")
        #expect { _ = try Database.connect(missing) } throws: { ($0 as? DBError)?.code == .databaseNotFound }

        let silent = try SilentListener()
        var frozen = try TestServers.config(engine)
        frozen.port = silent.port
        frozen.connectTimeout = 2
        let clock = Date()
        #expect(throws: DBError.self) { _ = try Database.connect(frozen) }
        #expect(Date().timeIntervalSince(clock) < 6)
    }

    @Test("Streaming a million rows keeps memory flat", arguments: Engine.allCases)
    func streamingMemory(_ engine: Engine) throws {
        let connection = try TestServers.connect(engine)
        defer { connection.close() }
        // 1,000,000 rows of ~200 bytes: 200 MB if anything held them.
        let sql =
            engine == .postgres
            ? "SELECT g AS n, repeat('y', 200) AS pad FROM generate_series(1, 1000000) g"
            : "SELECT seq AS n, REPEAT('y', 200) AS pad FROM seq_1_to_1000000"
        let before = residentBytes()
        var peak = before
        var bytes = 0
        let count = try connection.stream(sql, []) { row in
            bytes += row["pad"]?.utf8.count ?? 0
            if (row.int("n") ?? 0) % 50_000 == 0 { peak = max(peak, residentBytes()) }
        }
        #expect(count == 1_000_000)
        #expect(bytes == 200_000_000)
        #expect(peak - before < 64 << 20, "resident memory grew by \((peak - before) >> 20) MiB while streaming")
    }

    private func residentBytes() -> Int {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
        for line in status.split(separator: "\n") where line.hasPrefix("VmRSS:") {
            let kb = line.split(separator: " ").compactMap { Int($0) }.first ?? 0
            return kb * 1024
        }
        return 0
    }
}
