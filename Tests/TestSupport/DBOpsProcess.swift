import Foundation

/// Runs the built `dbops` binary as a user would, capturing exit code and output.
public struct DBOpsProcess {
    public struct Result: CustomStringConvertible {
        public let exitCode: Int32
        public let stdoutData: Data
        public var stdout: String { String(decoding: stdoutData, as: UTF8.self) }
        public let stderr: String
        public let seconds: Double
        public var description: String { "exit \(exitCode)\nstdout:\n\(stdout)\nstderr:\n\(stderr)" }
    }

    /// .build/debug/dbops (or DBOPS_BIN).
    public static var binary: String {
        if let explicit = ProcessInfo.processInfo.environment["DBOPS_BIN"], !explicit.isEmpty { return explicit }
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        return root.appendingPathComponent(".build/debug/dbops").path
    }

    public static var packageRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
    }

    /// `environment` is merged over a clean environment (PATH, HOME) so the developer's
    /// own DBOPS_URL or PGPASSWORD cannot leak into a test.
    /// Runs dbops with `directory` as its working directory.
    @discardableResult
    public static func runIn(directory: String, _ arguments: [String], environment: [String: String] = [:]) throws
        -> Result
    {
        try run(arguments, environment: environment, directory: directory)
    }

    @discardableResult
    public static func run(
        _ arguments: [String], environment: [String: String] = [:], stdin: Data? = nil,
        timeout: Double = 120, directory: String? = nil
    ) throws -> Result {
        let clock = Date()
        let child = try Spawned(
            binary, arguments, environment: cleanEnvironment(environment), directory: directory, stdin: .pipe,
            stdout: .pipe, stderr: .pipe)
        let killer = DispatchWorkItem { if child.isRunning { child.terminate() } }
        DispatchQueue.global().asyncAfter(deadline: .now() + timeout, execute: killer)
        let (out, err) = child.collect(input: stdin)
        killer.cancel()
        return Result(
            exitCode: child.terminationStatus, stdoutData: out, stderr: String(decoding: err, as: UTF8.self),
            seconds: Date().timeIntervalSince(clock))
    }

    /// Starts dbops without waiting for it, for tests that kill or interrupt it midway.
    /// Its output goes nowhere (or to `stdout`), its errors too unless `stderr` is given.
    public static func start(
        _ arguments: [String], environment: [String: String] = [:], stdout: Spawned.Stream = .null,
        stderr: Spawned.Stream = .null
    ) throws -> Spawned {
        try Spawned(binary, arguments, environment: cleanEnvironment(environment), stdout: stdout, stderr: stderr)
    }

    private static func cleanEnvironment(_ environment: [String: String]) -> [String: String] {
        var env: [String: String] = [:]
        for key in ["PATH", "HOME", "LANG", "TMPDIR"] { env[key] = ProcessInfo.processInfo.environment[key] }
        env["XDG_DATA_HOME"] = dataHome
        env.merge(environment) { $1 }
        return env
    }

    /// Every job run is recorded in the history store of the user's data folder: the tests'
    /// runs go to a folder of this test process (removed when it exits), never into the
    /// developer's or the CI machine's own store. A test may still name its own.
    private static let dataHome: String = {
        let path = dataHomePath()
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        atexit { try? FileManager.default.removeItem(atPath: DBOpsProcess.dataHomePath()) }
        return path
    }()

    private static func dataHomePath() -> String {
        (NSTemporaryDirectory() as NSString).appendingPathComponent("dbops-tests-data-\(getpid())")
    }
}

/// A TCP port that accepts connections and never says a word: a frozen or firewalled
/// server, as a client sees it.
public final class SilentListener {
    public let port: Int
    private let descriptor: Int32

    public init() throws {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, length) }
        }
        guard bound == 0, listen(descriptor, 16) == 0 else { throw POSIXError(.EADDRINUSE) }
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
        }
        self.descriptor = descriptor
        port = Int(UInt16(bigEndian: address.sin_port))
    }

    deinit { close(descriptor) }
}
