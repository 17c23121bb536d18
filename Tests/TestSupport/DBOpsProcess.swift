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
        let process = prepare(arguments, environment: environment)
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        let out = Pipe(), err = Pipe(), input = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = input
        let clock = Date()
        try process.run()
        if let stdin { input.fileHandleForWriting.write(stdin) }
        try? input.fileHandleForWriting.close()
        // Read both pipes concurrently so a chatty process cannot fill one and block.
        let collected = Collected()
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async {
            collected.set(out: out.fileHandleForReading.readDataToEndOfFile()); group.leave()
        }
        group.enter()
        DispatchQueue.global().async {
            collected.set(err: err.fileHandleForReading.readDataToEndOfFile()); group.leave()
        }
        let killer = DispatchWorkItem { if process.isRunning { process.terminate() } }
        DispatchQueue.global().asyncAfter(deadline: .now() + timeout, execute: killer)
        process.waitUntilExit()
        killer.cancel()
        group.wait()
        return Result(
            exitCode: process.terminationStatus, stdoutData: collected.out,
            stderr: String(decoding: collected.err, as: UTF8.self), seconds: Date().timeIntervalSince(clock))
    }

    /// Starts dbops without waiting for it, for tests that kill or interrupt it midway.
    /// Its output goes nowhere, its errors too unless `stderr` is given.
    public static func start(_ arguments: [String], environment: [String: String] = [:], stderr: Pipe? = nil) throws
        -> Process
    {
        let process = prepare(arguments, environment: environment)
        process.standardOutput = FileHandle.nullDevice
        process.standardError = stderr ?? FileHandle.nullDevice
        try process.run()
        return process
    }

    private static func prepare(_ arguments: [String], environment: [String: String]) -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = arguments
        var env: [String: String] = [:]
        for key in ["PATH", "HOME", "LANG", "TMPDIR"] { env[key] = ProcessInfo.processInfo.environment[key] }
        env.merge(environment) { $1 }
        process.environment = env
        return process
    }

    private final class Collected: @unchecked Sendable {
        private let lock = NSLock()
        private(set) var out = Data()
        private(set) var err = Data()
        func set(out data: Data) { lock.lock(); out = data; lock.unlock() }
        func set(err data: Data) { lock.lock(); err = data; lock.unlock() }
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
