import DBCore
import Foundation

/// The small second server per engine that scripts/dbservers.sh starts for tests that
/// change something server-wide: a global setting, or freezing the server with SIGSTOP.
/// Every other suite uses the shared servers, so nothing there ever sees such a change;
/// tests on a solo server take its lock, so they never see each other's.
public enum SoloServer {
    private static let semaphores: [Engine: DispatchSemaphore] = [
        .postgres: DispatchSemaphore(value: 1), .mysql: DispatchSemaphore(value: 1),
    ]

    static func url(_ engine: Engine) throws -> String {
        try TestServers.value(engine == .postgres ? "DBOPS_TEST_PG_SOLO_URL" : "DBOPS_TEST_MYSQL_SOLO_URL")
    }

    public static func config(_ engine: Engine, database: String? = nil) throws -> ConnectionConfig {
        var config = try ConnectionURL.parse(url(engine))
        if let database { config.database = database }
        return config
    }

    public static func url(_ engine: Engine, database: String) throws -> String {
        let base = try url(engine)
        guard let slash = base.range(of: "/", options: .backwards) else { return base }
        return String(base[..<slash.lowerBound]) + "/" + database
    }

    /// Runs `body` while no other test uses the engine's solo server. The server is thawed
    /// afterwards whatever happened.
    public static func exclusively<T>(_ engine: Engine, _ body: () throws -> T) throws -> T {
        let semaphore = semaphores[engine]!
        semaphore.wait()
        defer {
            thaw(engine)
            semaphore.signal()
        }
        return try body()
    }

    /// Runs `body` with MariaDB's metadata_lock_info plugin loaded on the solo server, which
    /// shows who holds a table's metadata lock (information_schema.METADATA_LOCK_INFO), and
    /// unloaded afterwards: a server-wide change, so only inside `exclusively(.mysql)`.
    public static func withMetadataLockInfo<T>(_ body: () throws -> T) throws -> T {
        Database.initializeLibraries()
        let admin = try Database.connect(config(.mysql))
        defer { admin.close() }
        let loaded = "SELECT COUNT(*) FROM information_schema.PLUGINS WHERE PLUGIN_NAME = 'METADATA_LOCK_INFO'"
        // A test killed inside `body` leaves it loaded (INSTALL persists): not loaded twice.
        if try admin.scalar(loaded) == "0" { try admin.executeScript("INSTALL SONAME 'metadata_lock_info'") }
        defer { try? admin.executeScript("UNINSTALL SONAME 'metadata_lock_info'") }
        return try body()
    }

    /// The server's main process (postmaster or mariadbd).
    static func pid(_ engine: Engine) throws -> pid_t {
        let file = try TestServers.value(
            engine == .postgres ? "DBOPS_TEST_PG_SOLO_PIDFILE" : "DBOPS_TEST_MYSQL_SOLO_PIDFILE")
        let text = try String(contentsOfFile: file, encoding: .utf8)
        guard let first = text.split(separator: "\n").first, let pid = pid_t(first.trimmingCharacters(in: .whitespaces))
        else {
            throw TestServers.Missing(description: "no pid in \(file)")
        }
        return pid
    }

    /// Runs `body` with a new PostgreSQL tablespace (its name) on the solo server, in a
    /// private folder, dropped afterwards: only inside `exclusively(.postgres)`. The solo
    /// server, since the shared one has a standby on this machine, which would replay the
    /// tablespace into the same folder.
    public static func withTablespace<T>(_ body: (String) throws -> T) throws -> T {
        try withTemporaryDirectory { folder in
            let location = folder + "/space"
            try FileManager.default.createDirectory(atPath: location, withIntermediateDirectories: false)
            try FileManager.default.setAttributes([.ownerAccountName: "postgres"], ofItemAtPath: location)
            let space = "dbops_space_\(UUID().uuidString.prefix(6).lowercased())"
            Database.initializeLibraries()
            let admin = try Database.connect(config(.postgres))
            defer { admin.close() }
            try admin.executeScript("CREATE TABLESPACE \(space) LOCATION '\(location)'")
            // After `body` has dropped every database using it.
            defer { _ = try? admin.executeScript("DROP TABLESPACE IF EXISTS \(space)") }
            return try body(space)
        }
    }

    /// The main process and every child (PostgreSQL's backends and helpers).
    static func processes(_ engine: Engine) throws -> [pid_t] {
        let main = try pid(engine)
        var all = [main]
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        for entry in entries {
            guard let child = pid_t(entry),
                let stat = try? String(contentsOfFile: "/proc/\(entry)/stat", encoding: .utf8),
                let close = stat.range(of: ")", options: .backwards)
            else { continue }
            let fields = stat[close.upperBound...].split(separator: " ")
            if fields.count > 1, pid_t(fields[1]) == main { all.append(child) }
        }
        return all
    }

    /// Freezes the whole server as a hung machine would: it accepts TCP connections (the
    /// kernel does) and answers nothing.
    public static func freeze(_ engine: Engine) throws {
        for process in try processes(engine) { kill(process, SIGSTOP) }
    }

    public static func thaw(_ engine: Engine) {
        for process in (try? processes(engine)) ?? [] { kill(process, SIGCONT) }
    }
}
