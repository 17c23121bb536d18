import DBCore
import Foundation
import Testing
import TestSupport

/// The query catalog: every generated name resolves, and a flavour's fragment file replaces
/// just the part its engine's file marks.
@Suite("Query catalog")
struct QueryCatalogTests {
    static let mysql = ServerInfo(flavor: .mysql, version: "8.0.36", versionNumber: 80036)
    static let mariadb = ServerInfo(flavor: .mariadb, version: "10.11.6-MariaDB", versionNumber: 101106)
    static let postgres = ServerInfo(flavor: .postgresql, version: "15.8", versionNumber: 150008)

    /// The statement without its comment lines.
    static func code(_ text: String) -> String {
        text.split(separator: "\n").filter { !$0.trimmingCharacters(in: .whitespaces).hasPrefix("--") }.joined(
            separator: "\n")
    }

    @Test("Every generated query name has SQL on at least one engine")
    func everyNameResolves() throws {
        #expect(QueryName.all.count > 80)
        for name in QueryName.all {
            // queries/sqlite holds the history store's own statements.
            let texts =
                [Self.postgres, Self.mysql, Self.mariadb].compactMap { try? QueryCatalog.shared.sql(name, server: $0) }
                + [try? QueryCatalog.shared.sql("sqlite/\(name.path)")].compactMap { $0 }
            #expect(!texts.isEmpty, "\(name) resolves nowhere")
        }
    }

    @Test("MariaDB's fragment replaces the marked part of the MySQL statement, and only that")
    func fragments() throws {
        let mysql = Self.code(try QueryCatalog.shared.sql(.healthBlockedSessions, server: Self.mysql))
        let mariadb = Self.code(try QueryCatalog.shared.sql(.healthBlockedSessions, server: Self.mariadb))
        #expect(mysql.contains("performance_schema.data_lock_waits") && !mysql.contains("INNODB_LOCK_WAITS"))
        #expect(mariadb.contains("information_schema.INNODB_LOCK_WAITS") && !mariadb.contains("data_lock_waits"))
        let raw = try QueryCatalog.shared.sql(.healthBlockedSessions, server: Self.mariadb)
        #expect(!raw.contains("dbops:begin") && !raw.contains("dbops:end"), "the markers go with the part they mark")
        // Everything outside the fragment is the MySQL file's.
        for line in ["GROUP BY r.trx_mysql_thread_id, p.USER, p.DB, r.trx_wait_started, r.trx_query", "LIMIT 20"] {
            #expect(mysql.contains(line) && mariadb.contains(line))
        }
        let select = try QueryCatalog.shared.sql(.maintenanceCleanupSelect, server: Self.mariadb)
        #expect(select.contains("SET STATEMENT innodb_lock_wait_timeout = 1 FOR\nSELECT"), "\(select)")
        #expect(try !QueryCatalog.shared.sql(.maintenanceCleanupSelect, server: Self.mysql).contains("SET STATEMENT"))
    }

    @Test("An operator's folder can replace one fragment")
    func operatorFragment() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("dbops-q-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir + "/mariadb/health", withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try "    FROM my_own_lock_view lw\n".write(
            toFile: dir + "/mariadb/health/blocked_sessions.lock_waits.sql", atomically: true, encoding: .utf8)
        let catalog = QueryCatalog()
        catalog.queriesDirectory = dir
        let text = Self.code(try catalog.sql(.healthBlockedSessions, server: Self.mariadb))
        #expect(text.contains("FROM my_own_lock_view lw") && !text.contains("INNODB_LOCK_WAITS"))
    }

    @Test("An operator's file written with CRLF line endings works as one with LF")
    func operatorFileWithCRLF() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("dbops-q-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir + "/mysql/health", withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        // The engine's statement, as a Windows editor saves it: its fragment markers must
        // still be found for MariaDB's fragment to replace the part between them.
        let original = try QueryCatalog.shared.sql("mysql/health/blocked_sessions")
        #expect(original.contains("-- dbops:begin "))
        try original.replacingOccurrences(of: "\n", with: "\r\n").write(
            toFile: dir + "/mysql/health/blocked_sessions.sql", atomically: true, encoding: .utf8)
        let catalog = QueryCatalog()
        catalog.queriesDirectory = dir
        #expect(
            try catalog.sql(.healthBlockedSessions, server: Self.mariadb)
                == QueryCatalog.shared.sql(.healthBlockedSessions, server: Self.mariadb))
    }

    @Test("An included piece stands in its place, comments left out, in every built-in statement")
    func includes() throws {
        let held = Self.code(try QueryCatalog.shared.sql("postgres/catalog/held_tables"))
        for path in QueryCatalog.shared.builtInNames {
            let text = try QueryCatalog.shared.sql(path)
            let markers = text.split(separator: "\n").filter {
                $0.trimmingCharacters(in: .whitespaces).hasPrefix("-- dbops:include ")
            }
            #expect(markers.isEmpty, "\(path)")
        }
        let sizes = try QueryCatalog.shared.sql(.historyTables, server: Self.postgres)
        // Indented as the marker was, inside the CTE that names it.
        let indented = held.split(separator: "\n").map { "    " + $0 }.joined(separator: "\n")
        #expect(sizes.contains("WITH held AS MATERIALIZED (\n" + indented + "\n)"), "\(sizes)")
    }

    @Test("An operator's file may include another; a loop of includes is an error, not a crash")
    func operatorIncludes() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("dbops-q-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir + "/postgres/catalog", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: dir + "/postgres/history", withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try "-- mine\nSELECT 42 AS relation WHERE false\n".write(
            toFile: dir + "/postgres/catalog/held_tables.sql", atomically: true, encoding: .utf8)
        let catalog = QueryCatalog()
        catalog.queriesDirectory = dir
        #expect(
            try catalog.sql(.historyTables, server: Self.postgres).contains("    SELECT 42 AS relation WHERE false"))
        try "-- loops\n-- dbops:include history/tables\n".write(
            toFile: dir + "/postgres/catalog/held_tables.sql", atomically: true, encoding: .utf8)
        #expect(throws: DBError.self) { try catalog.sql(.historyTables, server: Self.postgres) }
    }

    /// Cleanup, archive, partitions, restore and drill run on the database's own search_path
    /// (pg_catalog searched first): a built-in function their statements call by its bare name
    /// could lose to an application's function that fits the arguments better
    /// (`public.unnest(int2vector)` beside `unnest(anyarray)`), so they name pg_catalog.
    /// SQL's own syntax (EXTRACT(field FROM x)), which PostgreSQL's grammar turns into a call
    /// of pg_catalog's function by its qualified name.
    static let grammarQualified: Set<String> = ["extract", "overlay", "position", "substring", "trim"]

    @Test(
        "PostgreSQL statements of the jobs on a database's own path call built-in functions by their pg_catalog names")
    func builtinsQualified() throws {
        let connection = try TestServers.connect(.postgres)
        defer { connection.close() }
        let builtins = Set(
            try connection.query(
                "SELECT DISTINCT proname FROM pg_catalog.pg_proc WHERE pronamespace = 'pg_catalog'::regnamespace"
            ).rows.compactMap { $0[0] })
        #expect(builtins.contains("unnest") && builtins.contains("count"))
        let folders = ["catalog/", "maintenance/", "archive/", "partitions/", "restore/", "drill/"]
        // A call is a name and "(" not after "." (qualified), "::" or AS (a type's modifier).
        let call = try Regex(#"(::\s*|\.|\b[Aa][Ss]\s+)?\b([A-Za-z_][A-Za-z_0-9]*)\s*\("#)
        let literal = try Regex(#"'(?:[^']|'')*'"#)
        let comment = try Regex(#"--[^\n]*"#)
        // count(*) has no arguments an application's function could fit better.
        let countAll = try Regex(#"(?i)count\s*\(\s*\*\s*\)"#)
        var checked = 0
        var bare: [String] = []
        for name in QueryName.all where folders.contains(where: name.path.hasPrefix) {
            guard let sql = try? QueryCatalog.shared.sql(name, server: Self.postgres) else { continue }
            checked += 1
            let code = Self.code(sql).replacing(literal, with: "''").replacing(comment, with: "")
                .replacing(countAll, with: "")
            for match in code.matches(of: call) where match.output[1].substring == nil {
                let function = String(match.output[2].substring ?? "")
                let lowered = function.lowercased()
                if builtins.contains(lowered) && !Self.grammarQualified.contains(lowered) {
                    bare.append("\(name): \(function)(")
                }
            }
        }
        #expect(checked > 40)
        #expect(bare.isEmpty, "built-ins called by their bare names: \(bare)")
    }
}
