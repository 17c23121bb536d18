import DBCore
import Foundation

/// The three-node MariaDB Galera cluster scripts/galera.sh runs on loopback (started by
/// scripts/test.sh through `dbservers.sh start --galera`). Tests that kill, lock or flush
/// nodes run one at a time (`exclusively`); nothing else uses the cluster.
public enum GaleraCluster {
    public static let nodes = 3
    private static let lock = NSLock()

    /// Runs `body` with the cluster to itself: Galera tests in several suites (health,
    /// maintenance) kill, lock and flush nodes.
    public static func exclusively<T>(_ body: () throws -> T) rethrows -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body()
    }

    /// Node 1..3's URL, password included.
    public static func url(node: Int) throws -> String {
        let first = try TestServers.value("DBOPS_TEST_GALERA_URL")
        let base = Int(try TestServers.value("DBOPS_TEST_GALERA_PORT")) ?? 23400
        return first.replacingOccurrences(of: ":\(base)/", with: ":\(base + node - 1)/")
    }

    public static func config(node: Int, database: String? = nil) throws -> ConnectionConfig {
        var config = try ConnectionURL.parse(url(node: node))
        if let database { config.database = database }
        return config
    }

    public static func connect(node: Int, database: String? = nil) throws -> DatabaseConnection {
        Database.initializeLibraries()
        return try Database.connect(config(node: node, database: database))
    }

    /// Runs scripts/galera.sh (kill-node N, start-node N, ...); throws unless it succeeds.
    public static func script(_ arguments: [String]) throws {
        _ = try ScriptRunner.run(
            "scripts/galera.sh", arguments,
            environment: ["DBOPS_GALERA_PORT": try TestServers.value("DBOPS_TEST_GALERA_PORT")])
    }

    /// A node's error log, where Galera notes its state changes.
    public static func errorLog(node: Int) throws -> String {
        let path = try TestServers.value("DBOPS_SERVERS_DIR") + "/galera/node\(node)/error.log"
        return (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
    }

    /// A wsrep status value of a node.
    public static func status(_ connection: DatabaseConnection, _ name: String) throws -> String? {
        try connection.query("SHOW GLOBAL STATUS LIKE '\(name)'").first?[1]
    }
}
