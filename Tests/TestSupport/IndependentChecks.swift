import DBCore
import Foundation

/// Equality checks that do not use dbops' own code: the servers' dump tools for the schema,
/// checksums computed by the servers for the rows.
public enum IndependentChecks {
    /// `pg_dump --schema-only` / `mariadb-dump --no-data` of a database, with what differs
    /// between any two dumps (comments, dump-time tokens) taken out.
    public static func schemaText(_ engine: Engine, database: String) throws -> String {
        let config = try TestServers.config(engine)
        var environment = ProcessInfo.processInfo.environment
        let executable: String, arguments: [String]
        switch engine {
        case .postgres:
            executable = "/usr/lib/postgresql/15/bin/pg_dump"
            arguments = ["--schema-only", "-h", config.host!, "-p", String(config.port!), "-U", config.user!, database]
            environment["PGPASSWORD"] = config.password?.reveal()
        case .mysql:
            executable = "/usr/bin/mariadb-dump"
            arguments = [
                "--no-defaults", "--no-data", "--skip-comments", "--routines", "--events", "--triggers",
                "-h", config.host!, "-P", String(config.port!), "-u", config.user!, database,
            ]
            environment["MYSQL_PWD"] = config.password?.reveal()
        }
        let dump = try Spawned.run(executable, arguments, environment: environment)
        guard dump.status == 0 else {
            throw TestServers.Missing(description: "schema dump of \(database) failed")
        }
        return dump.text.split(separator: "\n").filter { line in
            !line.hasPrefix("--") && !line.hasPrefix("\\restrict") && !line.hasPrefix("\\unrestrict") && !line.isEmpty
        }.joined(separator: "\n")
    }

    /// PostgreSQL re-words some expressions when a dump is loaded again (a CHECK with IN
    /// becomes ANY(ARRAY[...]) with other casts), so a restored schema is compared with what
    /// pg_dump piped into psql makes of the source, not with the source itself.
    public static func referenceSchemaText(_ engine: Engine, database: String) throws -> String {
        guard engine == .postgres else { return try schemaText(engine, database: database) }
        let reference = try ScratchDatabase(.postgres, prefix: "ref")
        defer { reference.drop() }
        let config = try TestServers.config(.postgres)
        let script =
            "pg_dump --schema-only -h \(config.host!) -p \(config.port!) -U \(config.user!) '\(database)' | psql -q -v ON_ERROR_STOP=1 -h \(config.host!) -p \(config.port!) -U \(config.user!) -d '\(reference.name)' >/dev/null"
        var environment = ProcessInfo.processInfo.environment
        environment["PGPASSWORD"] = config.password?.reveal()
        environment["PATH"] = "/usr/lib/postgresql/15/bin:" + (environment["PATH"] ?? "/usr/bin:/bin")
        let load = try Spawned.run("/bin/bash", ["-o", "pipefail", "-c", script], environment: environment)
        guard load.status == 0 else {
            throw TestServers.Missing(description: "pg_dump | psql of \(database) failed")
        }
        return try schemaText(.postgres, database: reference.name)
    }

    /// Where every sequence (PostgreSQL) or AUTO_INCREMENT counter (MySQL) stands.
    public static func counters(_ engine: Engine, database: String) throws -> [String: String] {
        let connection = try TestServers.connect(engine, database: database)
        defer { connection.close() }
        var out: [String: String] = [:]
        switch engine {
        case .postgres:
            let sequences = try connection.query("SELECT format('%I.%I', schemaname, sequencename) FROM pg_sequences")
                .rows.compactMap { $0[0] }
            for sequence in sequences {
                let row = try connection.query("SELECT last_value || ':' || is_called FROM \(sequence)").first
                out[sequence] = row?[0]
            }
        case .mysql:
            for row in try connection.query(
                "SELECT TABLE_NAME, AUTO_INCREMENT FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND AUTO_INCREMENT IS NOT NULL"
            ).rows {
                if let table = row[0] { out[table] = row[1] }
            }
        }
        return out
    }

    /// Row count and an order-independent checksum of every table, computed in SQL.
    public static func tableChecksums(_ engine: Engine, database: String, solo: Bool = false) throws -> [String: String]
    {
        try tableChecksums(
            solo ? SoloServer.config(engine, database: database) : TestServers.config(engine, database: database))
    }

    /// The same, of the database `config` names on any server.
    public static func tableChecksums(_ config: ConnectionConfig) throws -> [String: String] {
        Database.initializeLibraries()
        let connection = try Database.connect(config)
        defer { connection.close() }
        var out: [String: String] = [:]
        switch config.engine {
        case .postgres:
            let tables = try connection.query(
                """
                SELECT format('%I.%I', n.nspname, c.relname) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE c.relkind = 'r' AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname !~ '^pg_'
                """
            ).rows.compactMap { $0[0] }
            for table in tables {
                let row = try connection.query(
                    "SELECT count(*) || ':' || COALESCE(md5(string_agg(t::text, '|' ORDER BY t::text)), '-') FROM ONLY \(table) t"
                ).first
                out[table] = row?[0]
            }
        case .mysql:
            let tables = try connection.query(
                "SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_TYPE = 'BASE TABLE'"
            ).rows.compactMap { $0[0] }
            for table in tables {
                let quoted = connection.dialect.quote(table)
                let count = try connection.scalar("SELECT COUNT(*) FROM \(quoted)") ?? "?"
                let checksum = try connection.query("CHECKSUM TABLE \(quoted)").first?[1] ?? "?"
                out[table] = "\(count):\(checksum)"
            }
        }
        return out
    }
}
