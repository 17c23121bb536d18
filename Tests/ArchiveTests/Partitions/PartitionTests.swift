@testable import Archive
import DBCore
import Foundation
import Testing
import TestSupport

@Suite("Partitions on real servers", .serialized)
struct PartitionTests {
    static func currentYear(_ connection: DatabaseConnection) throws -> Int {
        Int(
            try connection.scalar(
                connection.engine == .postgres ? "SELECT extract(year FROM now())::int" : "SELECT YEAR(NOW())") ?? "")
            ?? 0
    }

    static func options(_ rule: PartitionRule, check: Bool = false) -> PartitionOptions {
        var options = PartitionOptions()
        options.rules = [rule]
        options.builtIn = false
        options.check = check
        return options
    }

    /// events partitioned by year with only the current year's partition.
    static func makeEvents(_ connection: DatabaseConnection, year: Int, defaultPartition: Bool = false) throws {
        switch connection.engine {
        case .postgres:
            try connection.executeScript(
                """
                CREATE TABLE events (id bigint GENERATED ALWAYS AS IDENTITY, at timestamptz NOT NULL, kind text CHECK (kind <> ''),
                                     PRIMARY KEY (id, at)) PARTITION BY RANGE (at);
                CREATE INDEX events_kind ON events (kind, at);
                CREATE TABLE events_\(year) PARTITION OF events FOR VALUES FROM ('\(year)-01-01 00:00:00+00') TO ('\(year + 1)-01-01 00:00:00+00');
                \(defaultPartition ? "CREATE TABLE events_default PARTITION OF events DEFAULT;" : "")
                """)
        case .mysql:
            try connection.executeScript(
                """
                CREATE TABLE events (id BIGINT AUTO_INCREMENT, at DATETIME NOT NULL, kind VARCHAR(20), PRIMARY KEY (id, at), KEY events_kind (kind, at))
                PARTITION BY RANGE COLUMNS (at) (PARTITION p\(year) VALUES LESS THAN ('\(year + 1)-01-01'), PARTITION pmax VALUES LESS THAN (MAXVALUE))
                """)
        }
    }

    @Test("Creates the next N partitions, idempotently; --check counts what is ready", arguments: Engine.allCases)
    func premakeAndCheck(_ engine: Engine) throws {
        try ScratchDatabase.with(engine, prefix: "part") { scratch in
            let connection = try scratch.connect()
            defer { connection.close() }
            let year = try Self.currentYear(connection)
            try Self.makeEvents(connection, year: year)
            let rule = PartitionRule(name: "events", table: "events", column: "at", premake: 2, timeZone: "UTC")

            let before = try PartitionRunner.run(scratch.config, label: "t", options: Self.options(rule, check: true))
            #expect(before.status == .critical && before.tables[0].future == 0 && before.tables[0].currentCovered)

            let dry = try PartitionRunner.run(
                scratch.config, label: "t",
                options: {
                    var o = Self.options(rule); o.maintenance.dryRun = true; return o
                }())
            #expect(dry.tables[0].statements.count == (engine == .postgres ? 2 : 1) && dry.tables[0].created.isEmpty)

            let made = try PartitionRunner.run(scratch.config, label: "t", options: Self.options(rule))
            let names =
                engine == .postgres ? ["events_\(year + 1)", "events_\(year + 2)"] : ["p\(year + 1)", "p\(year + 2)"]
            #expect(made.tables[0].created == names)
            #expect(made.status == .ok && made.tables[0].future == 2)
            // The server itself routes rows of the new years to the new partitions.
            let inserted =
                engine == .postgres
                ? "INSERT INTO events (at, kind) VALUES ('\(year + 2)-06-01 12:00:00+00', 'x')"
                : "INSERT INTO events (at, kind) VALUES ('\(year + 2)-06-01 12:00:00', 'x')"
            try connection.executeScript(inserted)
            let partitionOfRow =
                engine == .postgres
                ? try connection.scalar("SELECT tableoid::regclass::text FROM events WHERE kind = 'x'")
                : try connection.scalar(
                    "SELECT PARTITION_NAME FROM information_schema.PARTITIONS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'events' AND TABLE_ROWS > 0 AND PARTITION_NAME <> 'p\(year)' LIMIT 1"
                )
            if engine == .postgres {
                #expect(partitionOfRow == names[1])
                // The new partition carries the parent's indexes and CHECK constraint.
                #expect(try connection.scalar("SELECT count(*) FROM pg_indexes WHERE tablename = '\(names[1])'") == "2")
                #expect(throws: DBError.self) {
                    try connection.executeScript("INSERT INTO events (at, kind) VALUES ('\(year + 1)-02-01', '')")
                }
            } else {
                try connection.executeScript("ANALYZE TABLE events")
                #expect(try connection.scalar("SELECT COUNT(*) FROM events PARTITION (`\(names[1])`)") == "1")
            }

            let again = try PartitionRunner.run(scratch.config, label: "t", options: Self.options(rule))
            #expect(
                again.tables[0].created.isEmpty && again.tables[0].statements.isEmpty, "nothing to do the second time")

            var fewer = rule
            fewer.premake = 3
            let short = try PartitionRunner.run(scratch.config, label: "t", options: Self.options(fewer, check: true))
            #expect(short.status == .warning && short.tables[0].future == 2)
            let cli = try Self.runWithRule(
                ["partitions", "--check", "--no-builtin", "--premake", "3", "--format", "prometheus"],
                url: try scratch.url, table: "events")
            #expect(cli.exitCode == 1, "\(cli)")
            #expect(cli.stdout.contains("dbops_partitions_future{target=") && cli.stdout.contains("} 2"))
        }
    }

    /// Runs dbops with a config file holding one partition rule, in a folder removed afterwards.
    static func runWithRule(_ arguments: [String], url: String, table: String) throws -> DBOpsProcess.Result {
        try withTemporaryDirectory { folder in
            let path = (folder as NSString).appendingPathComponent("dbops.toml")
            try """
            [partitions.rules.\(table)]
            table = "\(table)"
            interval = "yearly"
            time_zone = "UTC"
            """.write(toFile: path, atomically: true, encoding: .utf8)
            return try DBOpsProcess.run(arguments, environment: ["DBOPS_URL": url, "DBOPS_CONFIG": path])
        }
    }

    @Test("Partitions are reported in the order of their ranges, not of their names", arguments: Engine.allCases)
    func reportedInRangeOrder(_ engine: Engine) throws {
        try ScratchDatabase.with(engine, prefix: "parto") { scratch in
            let connection = try scratch.connect()
            defer { connection.close() }
            let year = try Self.currentYear(connection)
            // The existing partition's name sorts after the ones dbops makes.
            try connection.executeScript(
                engine == .postgres
                    ? """
                    CREATE TABLE events (at date NOT NULL) PARTITION BY RANGE (at);
                    CREATE TABLE zz_current PARTITION OF events FOR VALUES FROM ('\(year)-01-01') TO ('\(year + 1)-01-01');
                    """
                    : """
                    CREATE TABLE events (at DATE NOT NULL) PARTITION BY RANGE COLUMNS (at)
                    (PARTITION zz_current VALUES LESS THAN ('\(year + 1)-01-01'), PARTITION pmax VALUES LESS THAN (MAXVALUE))
                    """)
            let rule = PartitionRule(name: "events", table: "events", column: "at", premake: 2, timeZone: "UTC")
            let report = try PartitionRunner.run(scratch.config, label: "t", options: Self.options(rule))
            let ranged = report.tables[0].partitions.filter { !$0.isDefault }
            let made = engine == .postgres ? "events_" : "p"
            #expect(ranged.map(\.name) == ["zz_current", "\(made)\(year + 1)", "\(made)\(year + 2)"])
            #expect(ranged.last?.to?.hasPrefix("\(year + 3)-01-01") == true, "\(ranged)")
        }
    }

    @Test("Monthly partitions of a timestamptz key start at midnight in the rule's zone")
    func monthlyInABerlinZone() throws {
        try ScratchDatabase.with(.postgres, prefix: "partm") { scratch in
            let connection = try scratch.connect()
            defer { connection.close() }
            try connection.executeScript("CREATE TABLE hits (at timestamptz NOT NULL, n int) PARTITION BY RANGE (at)")
            let rule = PartitionRule(
                name: "hits", table: "hits", interval: .monthly, premake: 3, timeZone: "Europe/Berlin")
            let report = try PartitionRunner.run(scratch.config, label: "t", options: Self.options(rule))
            #expect(report.tables[0].created.count == 4 && report.status == .ok)
            // Each bound is local midnight in Berlin: 23:00 or 22:00 UTC the day before.
            let bounds = try connection.query(
                """
                SELECT c.relname, pg_get_expr(c.relpartbound, c.oid) AS bound FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
                WHERE i.inhparent = 'hits'::regclass ORDER BY 1
                """
            ).rows
            for row in bounds {
                let bound = row["bound"] ?? ""
                #expect(
                    bound.contains(" 23:00:00+00") || bound.contains(" 22:00:00+00"),
                    "\(row["relname"] ?? ""): \(bound)")
            }
            let local = try connection.scalar(
                "SELECT count(DISTINCT (to_char(x AT TIME ZONE 'Europe/Berlin', 'DD HH24:MI'))) FROM (SELECT (regexp_match(pg_get_expr(c.relpartbound, c.oid), 'FROM \\(''([^'']+)''\\)'))[1]::timestamptz AS x FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'hits'::regclass) s"
            )
            #expect(local == "1", "every partition starts on the 1st at 00:00 Berlin time")
        }
    }

    @Test(
        "PostgreSQL: a partition dbops adds is the table owner's, with the owner's default grants and no identity of its own"
    )
    func partitionsOfTheOwner() throws {
        try ApplicationRoles.with { roles in
            try ScratchDatabase.with(.postgres, prefix: "partown") { scratch in
                let connection = try scratch.connect()
                defer { connection.close() }
                let year = try Self.currentYear(connection)
                try Self.makeEvents(connection, year: year)
                try connection.executeScript(
                    """
                    GRANT CREATE ON SCHEMA public TO \(roles.owner);
                    ALTER TABLE events OWNER TO \(roles.owner);
                    ALTER TABLE events_\(year) OWNER TO \(roles.owner);
                    ALTER DEFAULT PRIVILEGES FOR ROLE \(roles.owner) GRANT SELECT ON TABLES TO \(roles.reader);
                    -- An owner that may not create in the schema: dbops makes the partitions itself.
                    CREATE TABLE hits (at date NOT NULL) PARTITION BY RANGE (at);
                    ALTER TABLE hits OWNER TO \(roles.stranger);
                    """)
                let rules = [
                    PartitionRule(name: "events", table: "events", column: "at", premake: 2, timeZone: "UTC"),
                    PartitionRule(name: "hits", table: "hits", column: "at", premake: 1),
                ]
                var options = Self.options(rules[0])
                options.rules = rules
                let report = try PartitionRunner.run(scratch.config, label: "t", options: options)
                #expect(report.status == .ok && report.tables.map(\.created.count) == [2, 2], "\(report.tables)")
                let made = try connection.query(
                    """
                    SELECT c.relname, pg_get_userbyid(c.relowner) AS owner,
                           has_table_privilege('\(roles.readerName)', c.oid, 'SELECT') AS readable,
                           (SELECT attidentity FROM pg_attribute WHERE attrelid = c.oid AND attname = 'id') AS identity
                    FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
                    WHERE i.inhparent = 'events'::regclass AND c.relname <> 'events_\(year)' ORDER BY 1
                    """
                ).rows
                #expect(made.map { $0["relname"] ?? "" } == ["events_\(year + 1)", "events_\(year + 2)"])
                for row in made {
                    #expect(row["owner"] == roles.ownerName, "\(row)")
                    #expect(row.bool("readable") == true, "the owner's default privileges apply: \(row)")
                    #expect(row["identity"] == "", "the parent's sequence numbers its rows: \(row)")
                }
                // The application's own migration and TRUNCATE reach every partition.
                try connection.transaction {
                    try connection.executeScript(
                        "SET LOCAL ROLE \(roles.owner); ALTER TABLE events ADD COLUMN note text; TRUNCATE events")
                }
                #expect(
                    try connection.scalar(
                        "SELECT count(*) FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'hits'::regclass AND pg_get_userbyid(c.relowner) = current_user"
                    ) == "2", "an owner that may not create in the schema: dbops' own, as before")
            }
        }
    }

    @Test("PostgreSQL: a partition dbops adds goes to its parent's tablespace, as PARTITION OF puts it")
    func partitionsInTheParentsTablespace() throws {
        try SoloServer.exclusively(.postgres) {
            try SoloServer.withTablespace { space in
                try ScratchDatabase.with(.postgres, prefix: "partsp", solo: true) { scratch in
                    let connection = try scratch.connect()
                    defer { connection.close() }
                    try connection.executeScript(
                        """
                        CREATE TABLE hits (at date NOT NULL, n int) PARTITION BY RANGE (at) TABLESPACE \(space);
                        CREATE TABLE plain (at date NOT NULL) PARTITION BY RANGE (at);
                        """)
                    var options = Self.options(PartitionRule(name: "hits", table: "hits", column: "at", premake: 1))
                    options.rules.append(PartitionRule(name: "plain", table: "plain", column: "at", premake: 1))
                    let report = try PartitionRunner.run(scratch.config, label: "t", options: options)
                    #expect(report.status == .ok && report.tables.map(\.created.count) == [2, 2], "\(report.tables)")
                    let placed = try connection.query(
                        """
                        SELECT i.inhparent::regclass::text AS parent, coalesce(s.spcname, '-') AS space
                        FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid LEFT JOIN pg_tablespace s ON s.oid = c.reltablespace
                        ORDER BY 1, c.relname
                        """
                    ).rows.map { "\($0["parent"] ?? ""):\($0["space"] ?? "")" }
                    #expect(placed == ["hits:\(space)", "hits:\(space)", "plain:-", "plain:-"], "\(placed)")
                }
            }
        }
    }

    @Test("A default partition holding rows of a new range: reported, that partition refused, exit 1")
    func defaultPartitionInTheWay() throws {
        try ScratchDatabase.with(.postgres, prefix: "partd") { scratch in
            let connection = try scratch.connect()
            defer { connection.close() }
            let year = try Self.currentYear(connection)
            try Self.makeEvents(connection, year: year, defaultPartition: true)
            try connection.executeScript(
                "INSERT INTO events (at, kind) VALUES ('\(year + 2)-03-01 00:00:00+00', 'early'), ('\(year + 2)-04-01 00:00:00+00', 'early')"
            )
            let rule = PartitionRule(name: "events", table: "events", premake: 2, timeZone: "UTC")
            let report = try PartitionRunner.run(scratch.config, label: "t", options: Self.options(rule))
            #expect(report.tables[0].created == ["events_\(year + 1)"])
            #expect(report.tables[0].catchAll == "events_default" && report.tables[0].catchAllRows == 2)
            #expect(
                report.tables[0].problems.contains {
                    $0.contains("events_default holds 2 rows") && $0.contains("events_\(year + 2)")
                })
            #expect(report.status == .warning)
            let cli = try Self.runWithRule(["partitions", "--no-builtin"], url: try scratch.url, table: "events")
            #expect(cli.exitCode == 1 && cli.stderr.contains("holds 2 rows"), "\(cli)")
            #expect(
                try connection.scalar("SELECT count(*) FROM events_default") == "2", "the rows stay where they were")
        }
    }

    @Test("MySQL: a MAXVALUE partition with rows is never split")
    func maxvalueWithRows() throws {
        try ScratchDatabase.with(.mysql, prefix: "partx") { scratch in
            let connection = try scratch.connect()
            defer { connection.close() }
            let year = try Self.currentYear(connection)
            try Self.makeEvents(connection, year: year)
            try connection.executeScript("INSERT INTO events (at, kind) VALUES ('\(year + 3)-01-01 00:00:00', 'far')")
            let rule = PartitionRule(name: "events", table: "events", premake: 2)
            let report = try PartitionRunner.run(scratch.config, label: "t", options: Self.options(rule))
            #expect(report.tables[0].created.isEmpty && report.tables[0].catchAllRows == 1)
            #expect(report.tables[0].problems.contains { $0.contains("pmax holds 1 rows") })
            #expect(
                try connection.scalar(
                    "SELECT COUNT(*) FROM information_schema.PARTITIONS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'events'"
                ) == "2")
        }
    }

    @Test(
        "A table that is not partitioned gets advice naming the keys that would need the column",
        arguments: Engine.allCases)
    func notPartitioned(_ engine: Engine) throws {
        try ScratchDatabase.with(engine, prefix: "partn") { scratch in
            let connection = try scratch.connect()
            defer { connection.close() }
            try connection.executeScript(
                engine == .postgres
                    ? "CREATE TABLE logs (id serial PRIMARY KEY, at timestamptz NOT NULL, token text UNIQUE)"
                    : "CREATE TABLE logs (id INT AUTO_INCREMENT PRIMARY KEY, at DATETIME NOT NULL, token VARCHAR(40) UNIQUE)"
            )
            let report = try PartitionRunner.run(
                scratch.config, label: "t",
                options: Self.options(PartitionRule(name: "logs", table: "logs", column: "at"), check: true))
            #expect(!report.tables[0].partitioned && report.status == .warning)
            let advice = report.tables[0].problems.joined()
            #expect(
                advice.contains("not partitioned") && advice.contains("PRIMARY KEY (id)") && advice.contains("(token)"),
                "\(advice)")
        }
    }

    @Test(
        "The advice for an unpartitioned table runs as printed; afterwards dbops manages the table",
        arguments: [
            (Engine.mysql, "TIMESTAMP"), (Engine.mysql, "DATETIME"), (Engine.postgres, "timestamptz"),
            (Engine.postgres, "timestamp"),
        ])
    func adviceRuns(_ engine: Engine, _ type: String) throws {
        try ScratchDatabase.with(engine, prefix: "partadv") { scratch in
            let connection = try scratch.connect()
            defer { connection.close() }
            try connection.executeScript(
                engine == .postgres
                    ? "CREATE TABLE usage_log (id serial PRIMARY KEY, at \(type) NOT NULL DEFAULT now(), token text UNIQUE); INSERT INTO usage_log (at, token) VALUES (now() - interval '3 years', 'a'), (now(), 'b')"
                    : "CREATE TABLE usage_log (id INT AUTO_INCREMENT PRIMARY KEY, at \(type) NOT NULL DEFAULT CURRENT_TIMESTAMP, token VARCHAR(40) UNIQUE); INSERT INTO usage_log (at, token) VALUES (NOW() - INTERVAL 3 YEAR, 'a'), (NOW(), 'b')"
            )
            let rule = PartitionRule(name: "usage", table: "usage_log", column: "at", interval: .monthly, premake: 2)
            let report = try PartitionRunner.run(scratch.config, label: "t", options: Self.options(rule, check: true))
            let advice = report.tables[0].problems.joined(separator: "\n")
            let statements = advice.split(separator: "\n").filter { $0.hasPrefix("  ") }.map {
                String($0.dropFirst(2).dropLast())
            }
            #expect(!statements.isEmpty, "\(advice)")
            for statement in statements {
                do { try connection.executeScript(statement) } catch {
                    Issue.record("advice statement failed on \(engine) \(type): \(statement): \(error)")
                }
            }
            let table: String
            if engine == .postgres {
                // The copy and the swap, as the advice says.
                try connection.executeScript(
                    """
                    INSERT INTO usage_log_partitioned SELECT * FROM usage_log;
                    BEGIN; ALTER TABLE usage_log RENAME TO usage_log_old; ALTER TABLE usage_log_partitioned RENAME TO usage_log; COMMIT;
                    """)
                table = "usage_log"
            } else {
                table = "usage_log"
            }
            #expect(try connection.scalar("SELECT count(*) FROM \(table)") == "2", "every row kept")
            let after = try PartitionRunner.run(scratch.config, label: "t", options: Self.options(rule, check: true))
            #expect(after.tables[0].partitioned, "dbops recognises the result: \(after.tables[0].problems)")
            #expect(after.status == .ok, "\(after.tables[0].problems)")
        }
    }

    @Test("PostgreSQL: the advice's partitioned copy keeps an identity column numbering new rows after the swap")
    func adviceKeepsIdentity() throws {
        try ScratchDatabase.with(.postgres, prefix: "partid") { scratch in
            let connection = try scratch.connect()
            defer { connection.close() }
            try connection.executeScript(
                """
                CREATE TABLE calls (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, at timestamptz NOT NULL DEFAULT now());
                INSERT INTO calls (at) VALUES (now() - interval '2 months'), (now());
                """)
            let rule = PartitionRule(name: "calls", table: "calls", column: "at", interval: .monthly, premake: 1)
            let report = try PartitionRunner.run(scratch.config, label: "t", options: Self.options(rule, check: true))
            let advice = report.tables[0].problems.joined(separator: "\n")
            #expect(advice.contains("OVERRIDING SYSTEM VALUE"), "\(advice)")
            for statement in advice.split(separator: "\n").filter({ $0.hasPrefix("  ") }) {
                try connection.executeScript(String(statement.dropFirst(2).dropLast()))
            }
            // The copy and the swap, as the advice says.
            try connection.executeScript(
                """
                INSERT INTO calls_partitioned OVERRIDING SYSTEM VALUE SELECT * FROM calls;
                SELECT setval(pg_get_serial_sequence('calls_partitioned', 'id'), max(id)) FROM calls_partitioned;
                BEGIN; ALTER TABLE calls RENAME TO calls_old; ALTER TABLE calls_partitioned RENAME TO calls; COMMIT;
                INSERT INTO calls DEFAULT VALUES;
                """)
            #expect(try connection.scalar("SELECT string_agg(id::text, ',' ORDER BY id) FROM calls") == "1,2,3")
        }
    }

    @Test(
        "PostgreSQL: --check reads around a partition a migration holds, and gives up on a held parent in the lock timeout"
    )
    func checkAroundHeldTables() throws {
        try ScratchDatabase.with(.postgres, prefix: "partk") { scratch in
            let setup = try scratch.connect()
            let year = try Self.currentYear(setup)
            try Self.makeEvents(setup, year: year)
            try setup.executeScript(
                "CREATE TABLE events_\(year + 1) PARTITION OF events FOR VALUES FROM ('\(year + 1)-01-01 00:00:00+00') TO ('\(year + 2)-01-01 00:00:00+00')"
            )
            setup.close()
            let holder = try scratch.connect()
            defer { holder.close() }
            // The partition's bounds were read with pg_get_expr(bound, partition), which
            // locks the partition: the check waited out its 30 s statement timeout.
            try holder.executeScript("BEGIN; LOCK TABLE events_\(year) IN ACCESS EXCLUSIVE MODE")
            let around = try Self.runWithRule(
                ["partitions", "--check", "--no-builtin", "--premake", "1"], url: try scratch.url, table: "events")
            #expect(around.exitCode == 0, "\(around.stderr)")
            #expect(around.stdout.contains("events_\(year + 1)"), "\(around.stdout)")
            try holder.execute("ROLLBACK")
            // The parent's key definition needs the parent's lock: a check gives up after the
            // lock timeout, naming the table, where it waited out the statement timeout.
            try holder.executeScript("BEGIN; LOCK TABLE events IN ACCESS EXCLUSIVE MODE")
            let held = try Self.runWithRule(
                ["partitions", "--check", "--no-builtin", "--lock-timeout", "200ms"], url: try scratch.url,
                table: "events")
            #expect(held.exitCode == 3, "\(held)")
            #expect(held.stderr.contains("table events") && held.stderr.contains("lock timeout"), "\(held.stderr)")
            try holder.execute("ROLLBACK")
        }
    }

    @Test("MariaDB: a partition change waits for its metadata lock at most the lock timeout in all")
    func metadataLockWaitBounded() throws {
        try ScratchDatabase.with(.mysql, prefix: "partl") { scratch in
            let setup = try scratch.connect()
            try Self.makeEvents(setup, year: try Self.currentYear(setup))
            setup.close()
            // The application has read the table in a transaction it keeps open for 5 s: its
            // metadata lock is young enough for dbops to try the ALTER, which must wait.
            let holder = try scratch.connect()
            defer { holder.close() }
            try holder.execute("START TRANSACTION")
            _ = try holder.scalar("SELECT COUNT(*) FROM events")
            let release = Background {
                Thread.sleep(forTimeInterval: 5)
                try holder.execute("COMMIT")
            }
            let result = try Self.runWithRule(
                ["partitions", "--no-builtin", "--premake", "2", "--lock-timeout", "3s", "--log-sql"],
                url: try scratch.url, table: "events")
            #expect(release.wait() == nil)
            #expect(result.exitCode == 0, "\(result.stderr)")
            // MariaDB waits twice for a partition change's lock: each wait was the whole
            // timeout, so the application's queries stalled 6 s behind a 3 s timeout.
            let waits = result.stderr.split(separator: "\n").compactMap { line -> Double? in
                guard let end = line.range(of: " ms failed: ALTER TABLE") else { return nil }
                return Double(line[..<end.lowerBound].split(separator: " ").last ?? "")
            }
            #expect(!waits.isEmpty, "the ALTER met the application's lock: \(result.stderr)")
            #expect(waits.allSatisfy { $0 <= 3_000 }, "\(waits)")
        }
    }

    @Test("An application writing to the table while a partition is attached sees no errors")
    func attachUnderLoad() throws {
        try ScratchDatabase.with(.postgres, prefix: "partw") { scratch in
            let setup = try scratch.connect()
            let year = try Self.currentYear(setup)
            try Self.makeEvents(setup, year: year)
            setup.close()
            let stop = Flag()
            let writes = Counter()
            let writer = Background {
                let app = try scratch.connect()
                defer { app.close() }
                try app.apply(SessionSettings(lockTimeout: 1))
                while !stop.isSet {
                    try app.execute("INSERT INTO events (at, kind) VALUES (now(), 'live')")
                    _ = try app.scalar("SELECT count(*) FROM events WHERE kind = 'live'")
                    writes.add()
                }
            }
            #expect(eventually { writes.value > 10 })
            let report = try PartitionRunner.run(
                scratch.config, label: "t",
                options: Self.options(PartitionRule(name: "events", table: "events", premake: 4, timeZone: "UTC")))
            stop.set()
            #expect(writer.wait() == nil)
            #expect(report.tables[0].created.count == 4)
        }
    }
}
