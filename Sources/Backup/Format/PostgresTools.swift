import DBCore
import Foundation

/// Runs pg_dump and pg_restore for the schema. The connection travels in libpq's
/// environment variables and the password in a temporary passfile readable only by us:
/// nothing secret is ever on a command line (visible in ps).
enum PostgresTools {
    /// libpq connection keywords and the environment variables that carry them.
    static let environmentNames: [String: String] = [
        "sslmode": "PGSSLMODE", "sslrootcert": "PGSSLROOTCERT", "sslcert": "PGSSLCERT", "sslkey": "PGSSLKEY",
        "sslcrl": "PGSSLCRL", "service": "PGSERVICE", "options": "PGOPTIONS", "application_name": "PGAPPNAME",
        "target_session_attrs": "PGTARGETSESSIONATTRS", "gssencmode": "PGGSSENCMODE",
        "channel_binding": "PGCHANNELBINDING", "passfile": "PGPASSFILE", "krbsrvname": "PGKRBSRVNAME",
        "sslcompression": "PGSSLCOMPRESSION", "requirepeer": "PGREQUIREPEER",
        "ssl_min_protocol_version": "PGSSLMINPROTOCOLVERSION",
    ]

    /// The tool matching the server's major version (pg_dump refuses newer servers).
    static func locate(_ tool: String, serverMajor: Int) throws -> String {
        var candidates: [String] = []
        if let dir = ProcessInfo.processInfo.environment["DBOPS_PG_BINDIR"], !dir.isEmpty {
            candidates.append("\(dir)/\(tool)")
        }
        candidates.append("/usr/lib/postgresql/\(serverMajor)/bin/\(tool)")
        for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin").split(separator: ":") {
            candidates.append("\(dir)/\(tool)")
        }
        if let found = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) { return found }
        throw DBError(
            .unsupported, "\(tool) not found (install postgresql-client-\(serverMajor), or set DBOPS_PG_BINDIR)")
    }

    /// Runs `tool` against the target; returns what it wrote to stderr. A failure names
    /// each statement the server refused and the object it was creating.
    @discardableResult
    static func run(_ tool: String, _ arguments: [String], config: ConnectionConfig, serverMajor: Int) throws -> String
    {
        let (status, text) = try runAllowingFailure(tool, arguments, config: config, serverMajor: serverMajor)
        guard status == 0 else {
            let failures = refusedStatements(text)
            if !failures.isEmpty {
                throw DBError(
                    .serverError,
                    "\(tool) failed: " + failures.prefix(3).joined(separator: "; ")
                        + (failures.count > 3 ? "; and \(failures.count - 3) more" : ""))
            }
            let lines = text.split(separator: "\n").map { $0.replacingOccurrences(of: "\(tool): ", with: "") }
            let interesting = lines.filter { $0.contains("error") || $0.contains("ERROR") || $0.contains("FATAL") }
            let message = (interesting.isEmpty ? lines.suffix(2) : interesting.prefix(2)).joined(separator: "; ")
            throw DBError(.serverError, "\(tool) failed (exit \(status)): \(message)")
        }
        return text
    }

    /// The statements pg_restore reports the server refused: "the error (the statement's
    /// first line)", in order.
    static func refusedStatements(_ text: String) -> [String] {
        var out: [String] = []
        var error: String?
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if let range = line.range(of: "could not execute query: ") {
                error = String(line[range.upperBound...]).replacingOccurrences(of: "ERROR:  ", with: "")
            } else if line.hasPrefix("Command was: "), let current = error {
                out.append(
                    "\(current) (in: \(line.dropFirst("Command was: ".count).trimmingCharacters(in: .whitespaces)))")
                error = nil
            }
        }
        return out
    }

    /// Runs `tool`; returns its exit status and what it wrote to stderr (password masked).
    static func runAllowingFailure(
        _ tool: String, _ arguments: [String], config: ConnectionConfig,
        serverMajor: Int
    ) throws -> (status: Int32, stderr: String) {
        let executable = try locate(tool, serverMajor: serverMajor)
        var environment = inheritedEnvironment(passwordGiven: config.password != nil)
        for (keyword, value) in config.parameters {
            // TCP tuning libpq reads only from the connection string: the tools do without.
            if keyword.hasPrefix("keepalives") || keyword == "tcp_user_timeout" { continue }
            guard let name = environmentNames[keyword] else {
                throw DBError(.unsupported, "the URL parameter \(keyword) cannot be passed on to \(tool)")
            }
            environment[name] = value
        }
        if let host = config.host { environment["PGHOST"] = host }
        if let port = config.port { environment["PGPORT"] = String(port) }
        if let user = config.user { environment["PGUSER"] = user }
        if let database = config.database { environment["PGDATABASE"] = database }
        environment["PGCONNECT_TIMEOUT"] = String(max(2, Int(config.connectTimeout.rounded(.up))))
        environment["PGAPPNAME"] = applicationName(tool, config: config)
        if serverMajor >= 14 {
            // pg_restore -j's workers wait idle while another builds what they depend on: a
            // site's idle_session_timeout would end them.
            environment["PGOPTIONS"] = [environment["PGOPTIONS"], "-c idle_session_timeout=0"].compactMap { $0 }
                .joined(separator: " ")
        }
        // Never a password prompt: the child runs in a process group of its own, where
        // reading the terminal would stop it (SIGTTIN) and hold dbops with it. It has the
        // password dbops holds, or libpq's own sources, as dbops' session had.
        var child = ChildProcess(
            executable: executable, arguments: ["--no-password"] + arguments, environment: environment)
        if let password = config.password {
            // The password file exists only in memory and only for this child (its
            // descriptor 3): a dbops killed at any moment leaves no password on disk.
            let escaped = password.reveal().replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(
                of: ":", with: "\\:")
            child.secret = try SecretFile(contents: "*:*:*:*:\(escaped)\n")
            child.environment["PGPASSFILE"] = SecretFile.childPath
        }
        let result = try child.run(server: config)
        var text = result.stderr
        if let password = config.password, !password.isEmpty {
            text = text.replacingOccurrences(of: password.reveal(), with: "********")
        }
        try Interruption.shared.check()
        return (result.status, text)
    }

    /// The application_name of `tool`'s sessions: the URL's, else PGAPPNAME's, else
    /// dbops-<tool> (what a lock watch tells the tool's sessions from others' by).
    static func applicationName(_ tool: String, config: ConnectionConfig) -> String {
        config.parameters["application_name"] ?? inheritedEnvironment(passwordGiven: false)["PGAPPNAME"]
            ?? "dbops-\(tool)"
    }

    /// What of dbops' own environment a child tool sees: the locale, the time zone, the
    /// search path and libpq's own variables — never DBOPS_URL, DATABASE_URL or a config's
    /// url_env variable, which carry whole URLs with their passwords. PGPASSWORD and
    /// PGPASSFILE pass only when they are where the password comes from (dbops hands over
    /// a password it holds itself in a private file).
    static func inheritedEnvironment(passwordGiven: Bool) -> [String: String] {
        let kept = ["PATH", "HOME", "LANG", "LANGUAGE", "TZ", "TMPDIR"]
        return ProcessInfo.processInfo.environment.filter { name, _ in
            if kept.contains(name) || name.hasPrefix("LC_") { return true }
            guard name.hasPrefix("PG") else { return false }
            return !(passwordGiven && (name == "PGPASSWORD" || name == "PGPASSFILE"))
        }
    }

    /// A private (0700) temporary folder named for this process (`dbops-PID.XXXXXX`). A run
    /// killed with SIGKILL cannot remove its own; the next run removes those whose process
    /// is gone, so a schema dump never lingers in the temporary folder.
    static func makePrivateDirectory() throws -> String {
        let parent = NSTemporaryDirectory()
        removeAbandonedDirectories(in: parent)
        var template = Array((parent as NSString).appendingPathComponent("dbops-\(getpid()).XXXXXX").utf8CString)
        guard let path = template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) else {
            throw DBError(.io, "cannot create a temporary directory: \(String(cString: strerror(errno)))")
        }
        return String(cString: path)
    }

    static func removeAbandonedDirectories(in parent: String) {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: parent) else { return }
        for name in names where name.hasPrefix("dbops-") {
            let digits = name.dropFirst("dbops-".count).prefix { $0.isNumber }
            guard let pid = pid_t(digits), pid > 0, name.dropFirst("dbops-".count + digits.count).hasPrefix(".") else {
                continue
            }
            let path = (parent as NSString).appendingPathComponent(name)
            // Only our own folders, and only when their process is gone.
            guard Leftover.isAbandoned(path, pid: pid, type: S_IFDIR) else { continue }
            try? FileManager.default.removeItem(atPath: path)
        }
    }

    /// pg_dump/pg_restore table patterns are psql patterns: quoted, every character literal.
    static func exactPattern(schema: String, name: String) -> String {
        "\"\(schema.replacingOccurrences(of: "\"", with: "\"\""))\".\"\(name.replacingOccurrences(of: "\"", with: "\"\""))\""
    }
}
