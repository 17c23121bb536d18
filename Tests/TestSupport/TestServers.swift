import DBCore
import Foundation

/// The throwaway servers started by scripts/dbservers.sh. Their URLs come from the
/// environment scripts/test.sh sets; a test that needs a server and finds none fails,
/// it never skips.
public enum TestServers {
    public struct Missing: Error, CustomStringConvertible {
        public let description: String
    }

    public static func url(_ engine: Engine) throws -> String {
        // Running `swift test` by hand after scripts/dbservers.sh start: read from its env file.
        try value(engine == .postgres ? "DBOPS_TEST_PG_URL" : "DBOPS_TEST_MYSQL_URL")
    }

    /// The PostgreSQL standby or MariaDB replica scripts/dbservers.sh runs beside each primary.
    public static func replicaConfig(_ engine: Engine) throws -> ConnectionConfig {
        let variable = engine == .postgres ? "DBOPS_TEST_PG_STANDBY_URL" : "DBOPS_TEST_MYSQL_REPLICA_URL"
        return try ConnectionURL.parse(try value(variable))
    }

    static func value(_ variable: String) throws -> String {
        if let value = ProcessInfo.processInfo.environment[variable], !value.isEmpty { return value }
        let envFile = (ProcessInfo.processInfo.environment["DBOPS_SERVERS_DIR"] ?? "/tmp/dbops-servers") + "/env.sh"
        if let text = try? String(contentsOfFile: envFile, encoding: .utf8) {
            for line in text.split(separator: "\n") where line.hasPrefix("export \(variable)=") {
                return String(line.dropFirst("export \(variable)=".count)).trimmingCharacters(
                    in: CharacterSet(charactersIn: "'"))
            }
        }
        throw Missing(
            description:
                "\(variable) is not set: start the test servers with scripts/dbservers.sh start (scripts/test.sh does it)"
        )
    }

    public static func config(_ engine: Engine, database: String? = nil) throws -> ConnectionConfig {
        var config = try ConnectionURL.parse(url(engine))
        if let database { config.database = database }
        return config
    }

    /// The server's password (tests check it never appears in output).
    public static func password(_ engine: Engine) throws -> String {
        try config(engine).password?.reveal() ?? ""
    }

    /// A URL for `database` on the engine's server, password included (for DBOPS_URL).
    public static func url(_ engine: Engine, database: String) throws -> String {
        let base = try url(engine)
        guard let slash = base.range(of: "/", options: .backwards) else { return base }
        return String(base[..<slash.lowerBound]) + "/" + database
    }

    public static func connect(_ engine: Engine, database: String? = nil) throws -> DatabaseConnection {
        Database.initializeLibraries()
        return try Database.connect(config(engine, database: database))
    }
}

/// A database of its own for one test, dropped afterwards, so tests can run side by side.
public final class ScratchDatabase {
    public let engine: Engine
    public let name: String
    /// On the shared test server, or on a solo server (see SoloServer).
    public let solo: Bool

    /// `options` follow CREATE DATABASE name (PostgreSQL: an encoding, a template).
    public init(_ engine: Engine, prefix: String = "t", solo: Bool = false, options: String = "") throws {
        self.engine = engine
        self.solo = solo
        name = "dbops_\(prefix)_\(UUID().uuidString.prefix(8).lowercased())"
        let admin = try Self.admin(engine, solo: solo)
        defer { admin.close() }
        try admin.executeScript("CREATE DATABASE \(admin.dialect.quote(name))\(options.isEmpty ? "" : " " + options)")
    }

    public static func admin(_ engine: Engine, solo: Bool) throws -> DatabaseConnection {
        if solo {
            Database.initializeLibraries()
            return try Database.connect(SoloServer.config(engine))
        }
        return try TestServers.connect(engine)
    }

    public var config: ConnectionConfig {
        get throws {
            solo ? try SoloServer.config(engine, database: name) : try TestServers.config(engine, database: name)
        }
    }

    public var url: String {
        get throws { solo ? try SoloServer.url(engine, database: name) : try TestServers.url(engine, database: name) }
    }

    public func connect() throws -> DatabaseConnection {
        Database.initializeLibraries()
        return try Database.connect(config)
    }

    /// Drops the database, ending sessions still connected to it.
    public func drop() {
        guard let admin = try? Self.admin(engine, solo: solo) else { return }
        defer { admin.close() }
        switch engine {
        case .postgres: try? admin.executeScript("DROP DATABASE IF EXISTS \(admin.dialect.quote(name)) WITH (FORCE)")
        case .mysql: try? admin.executeScript("DROP DATABASE IF EXISTS \(admin.dialect.quote(name))")
        }
    }

    /// A fresh database for a test that holds a table with MariaDB's LOCK TABLES ... WRITE:
    /// that lock reaches past its database (every other session's BACKUP STAGE
    /// BLOCK_COMMIT, FLUSH TABLES WITH READ LOCK waits for it: a backup of another suite
    /// failed "could not hold commits"), so on MySQL/MariaDB the test gets the solo server,
    /// alone. A PostgreSQL table lock stays in its table: the main server.
    public static func holdingTables<T>(_ engine: Engine, prefix: String, _ body: (ScratchDatabase) throws -> T)
        throws -> T
    {
        guard engine == .mysql else { return try with(engine, prefix: prefix, body) }
        return try SoloServer.exclusively(engine) { try with(engine, prefix: prefix, solo: true, body) }
    }

    /// Runs `body` with a fresh database and drops it whatever happens.
    public static func with<T>(
        _ engine: Engine, prefix: String = "t", solo: Bool = false, options: String = "",
        _ body: (ScratchDatabase) throws -> T
    ) throws -> T {
        let scratch = try ScratchDatabase(engine, prefix: prefix, solo: solo, options: options)
        defer { scratch.drop() }
        return try body(scratch)
    }
}
