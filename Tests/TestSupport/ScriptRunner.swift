import Foundation

/// The project's scripts run from tests (a fresh server, a Galera node started or killed).
enum ScriptRunner {
    /// Runs `script` (a path below the package) with its output in files, waiting with
    /// waitpid: the script leaves a server running in the background, and Foundation's
    /// Process was seen never to notice such a script's end (its child stays a zombie).
    static func run(_ script: String, _ arguments: [String], environment extra: [String: String] = [:]) throws
        -> String
    {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("fresh-\(UUID().uuidString)").path
        defer {
            try? FileManager.default.removeItem(atPath: scratch + ".out")
            try? FileManager.default.removeItem(atPath: scratch + ".err")
        }
        let scriptPath = DBOpsProcess.packageRoot.appendingPathComponent(script).path
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
        environment.merge(extra) { _, new in new }
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
                description: "\(script) \(arguments.joined(separator: " ")) failed: \(problems)")
        }
        return output
    }
}
