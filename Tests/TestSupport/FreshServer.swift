import DBCore
import Foundation

/// A new, empty server of one test's own (`scripts/dbservers.sh fresh`): initialised,
/// started on a port of its own beside the shared servers, same login, stopped and
/// deleted afterwards. For restoring a whole server into one that has nothing of the
/// shared servers' roles or databases.
public enum FreshServer {
    private static let lock = NSLock()

    /// Runs `body` with the fresh server's URL (naming its own database: postgres, mysql).
    public static func with<T>(_ engine: Engine, _ body: (String) throws -> T) throws -> T {
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
                url = try script(["fresh", engine == .postgres ? "pg" : "mysql", folder, String(port)])
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

    /// Runs scripts/dbservers.sh with its output in files, waiting with waitpid: the
    /// script leaves a server running in the background, and Foundation's Process was seen
    /// never to notice such a script's end.
    static func script(_ arguments: [String]) throws -> String {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("fresh-\(UUID().uuidString)").path
        defer {
            try? FileManager.default.removeItem(atPath: scratch + ".out")
            try? FileManager.default.removeItem(atPath: scratch + ".err")
        }
        let scriptPath = DBOpsProcess.packageRoot.appendingPathComponent("scripts/dbservers.sh").path
        let quoted = ([scriptPath] + arguments).map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }
        // The server the script starts must not inherit this process's descriptors (its
        // connections and pipes, hundreds in a parallel test run): PostgreSQL counts them
        // against its own limit and fails with "out of file descriptors". bash closes every
        // descriptor above 2 before running the script.
        let closeInherited =
            "for f in /proc/$$/fd/*; do n=${f##*/}; if [ \"$n\" -gt 2 ] 2>/dev/null; then eval \"exec $n>&-\" 2>/dev/null; fi; done; "
        let command =
            closeInherited
            + "exec bash \(quoted.joined(separator: " ")) >'\(scratch).out' 2>'\(scratch).err' </dev/null"
        var pid: pid_t = 0
        let argv: [UnsafeMutablePointer<CChar>?] = [strdup("/bin/bash"), strdup("-c"), strdup(command), nil]
        defer { argv.forEach { free($0) } }
        var environment = ProcessInfo.processInfo.environment
        environment["DBOPS_SERVERS_DIR"] = try TestServers.value("DBOPS_SERVERS_DIR")
        let envp: [UnsafeMutablePointer<CChar>?] = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { envp.forEach { free($0) } }
        let spawned = posix_spawn(&pid, "/bin/bash", nil, nil, argv, envp)
        guard spawned == 0 else { throw TestServers.Missing(description: "cannot start bash: \(spawned)") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        let output = (try? String(contentsOfFile: scratch + ".out", encoding: .utf8)) ?? ""
        guard status == 0 else {
            let problems = (try? String(contentsOfFile: scratch + ".err", encoding: .utf8)) ?? ""
            throw TestServers.Missing(
                description: "scripts/dbservers.sh \(arguments.joined(separator: " ")) failed: \(problems)")
        }
        return output
    }
}
