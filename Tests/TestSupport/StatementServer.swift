import DBCore
import Foundation

/// A fresh server with statement statistics on (pg_stat_statements preloaded, MariaDB's
/// performance_schema), for tests that compare counters between two readings: on the shared
/// servers the whole suite's statements fill pg_stat_statements.max, and an entry run a few
/// times can be evicted between the readings.
public enum StatementServer {
    /// Runs `body` with a database `stats` on the fresh server, and a session on it.
    public static func with<T>(_ engine: Engine, _ body: (ConnectionConfig, DatabaseConnection) throws -> T) throws -> T
    {
        let settings =
            engine == .postgres
            ? ["shared_preload_libraries=pg_stat_statements", "pg_stat_statements.track=top"]
            : ["performance-schema=ON"]
        return try FreshServer.with(engine, settings: settings) { url in
            Database.initializeLibraries()
            let admin = try Database.connect(try ConnectionURL.parse(url))
            try admin.executeScript("CREATE DATABASE stats")
            admin.close()
            var config = try ConnectionURL.parse(url)
            config.database = "stats"
            let session = try Database.connect(config)
            defer { session.close() }
            if engine == .postgres { try session.executeScript("CREATE EXTENSION pg_stat_statements") }
            return try body(config, session)
        }
    }
}
