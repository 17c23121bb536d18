import DBCore
import Foundation

/// A new, empty server of one test's own (`scripts/dbservers.sh fresh`): initialised,
/// started on a port of its own beside the shared servers, same login, stopped and
/// deleted afterwards. For restoring a whole server into one that has nothing of the
/// shared servers' roles or databases.
public enum FreshServer {
    private static let lock = NSLock()

    /// Runs `body` with the fresh server's URL (naming its own database: postgres, mysql).
    /// `settings`: `name=value` settings it starts with (PostgreSQL `-c name=value`,
    /// MariaDB `--name=value`).
    public static func with<T>(_ engine: Engine, settings: [String] = [], _ body: (String) throws -> T) throws -> T {
        lock.lock()
        defer { lock.unlock() }
        let servers = try TestServers.value("DBOPS_SERVERS_DIR")
        let basePort = Int(try TestServers.value(engine == .postgres ? "DBOPS_TEST_PG_PORT" : "DBOPS_TEST_MYSQL_PORT"))
        guard let basePort else { throw TestServers.Missing(description: "no port for \(engine)") }
        let folder = servers + "/fresh-" + engine.rawValue
        // Ports below the kernel's ephemeral range (32768 and up), where no client socket of
        // the parallel suite can be holding one; another tries a few more if one is taken.
        let ports = [20_000 + basePort % 10_000 + 4] + (0..<4).map { _ in Int.random(in: 20_000..<32_000) }
        var url = ""
        for (attempt, port) in ports.enumerated() {
            do {
                url = try ScriptRunner.run(
                    "scripts/dbservers.sh", ["fresh", engine == .postgres ? "pg" : "mysql", folder, String(port)],
                    environment: [
                        "DBOPS_FRESH_PG_OPTIONS": engine == .postgres
                            ? settings.map { "-c \($0)" }.joined(separator: " ") : "",
                        "DBOPS_FRESH_MY_OPTIONS": engine == .mysql
                            ? settings.map { "--\($0)" }.joined(separator: " ") : "",
                    ])
                break
            } catch let failure as TestServers.Missing
                where attempt < ports.count - 1
                && (failure.description.contains("in use") || failure.description.contains("could not bind"))
            {
                continue
            }
        }
        defer { _ = try? script(["fresh-stop", folder]) }
        return try body(url.trimmingCharacters(in: .whitespacesAndNewlines))
    }

    static func script(_ arguments: [String]) throws -> String {
        try ScriptRunner.run("scripts/dbservers.sh", arguments)
    }
}
