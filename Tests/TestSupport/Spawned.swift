import CLibPQ
import Foundation

/// A child process started with posix_spawn, for tests. Foundation's `Process` is not safe
/// in a suite that starts processes from many threads at once: on Linux its `run()` reads
/// `/proc/self/fd` with a 256-byte copy of each directory entry and crashes now and then
/// (swift-corelibs-foundation PR #5472, seen in this suite's CI as SIGSEGV in memcpy), and a
/// working directory is set with a process-wide chdir. Here the working directory is a
/// spawn file action, pipes are close-on-exec, and nothing but 0-2 reaches the child.
public final class Spawned: @unchecked Sendable {
    /// Where one of the child's standard streams goes.
    public enum Stream {
        case null
        case pipe
        /// Appended to (created if missing).
        case file(String)
    }

    public enum TerminationReason { case exit, uncaughtSignal }

    public let processIdentifier: pid_t
    /// The parent's ends of the `.pipe` streams.
    public let standardInput: FileHandle?
    public let standardOutput: FileHandle?
    public let standardError: FileHandle?

    private let lock = NSLock()
    private var waitStatus: Int32?

    /// `environment` nil passes this process's own environment.
    public init(
        _ executable: String, _ arguments: [String], environment: [String: String]? = nil, directory: String? = nil,
        stdin: Stream = .null, stdout: Stream = .null, stderr: Stream = .null
    ) throws {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        var parentEnds: [FileHandle?] = [nil, nil, nil]
        var childEnds: [Int32] = []
        defer { childEnds.forEach { close($0) } }
        for (target, stream) in [stdin, stdout, stderr].enumerated() {
            let descriptor = Int32(target)
            switch stream {
            case .null:
                posix_spawn_file_actions_addopen(
                    &actions, descriptor, "/dev/null", descriptor == 0 ? O_RDONLY : O_WRONLY, 0)
            case .file(let path):
                posix_spawn_file_actions_addopen(&actions, descriptor, path, O_WRONLY | O_CREAT | O_APPEND, 0o600)
            case .pipe:
                var ends: [Int32] = [0, 0]
                guard pipe(&ends) == 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
                // Close-on-exec, so a child started from another thread does not hold this pipe.
                _ = fcntl(ends[0], F_SETFD, FD_CLOEXEC)
                _ = fcntl(ends[1], F_SETFD, FD_CLOEXEC)
                let (childEnd, parentEnd) = descriptor == 0 ? (ends[0], ends[1]) : (ends[1], ends[0])
                childEnds.append(childEnd)
                parentEnds[target] = FileHandle(fileDescriptor: parentEnd, closeOnDealloc: true)
                // dup2 onto 0-2 clears close-on-exec for the child's copy only.
                posix_spawn_file_actions_adddup2(&actions, childEnd, descriptor)
            }
        }
        posix_spawn_file_actions_addclosefrom_np(&actions, 3)
        if let directory { posix_spawn_file_actions_addchdir_np(&actions, directory) }

        let environment = environment ?? ProcessInfo.processInfo.environment
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = environment.sorted { $0.key < $1.key }.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        // A child that ends before reading all its input must not kill the test run with
        // SIGPIPE; the child itself gets default signal handling and an empty mask.
        _ = Spawned.ignoreBrokenPipes
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var defaults = sigset_t(), empty = sigset_t()
        sigemptyset(&defaults)
        sigemptyset(&empty)
        for number in [SIGPIPE, SIGINT, SIGTERM, SIGQUIT] { sigaddset(&defaults, number) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setsigmask(&attributes, &empty)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, executable, &actions, &attributes, argv, envp)
        guard spawned == 0 else { throw POSIXError(POSIXErrorCode(rawValue: spawned) ?? .ENOENT) }
        processIdentifier = pid
        (standardInput, standardOutput, standardError) = (parentEnds[0], parentEnds[1], parentEnds[2])
    }

    /// Whether the child has not ended yet (it is not reaped by asking).
    public var isRunning: Bool {
        lock.lock()
        defer { lock.unlock() }
        if waitStatus != nil { return false }
        var info = siginfo_t()
        guard waitid(P_PID, id_t(processIdentifier), &info, WEXITED | WNOHANG | WNOWAIT) == 0 else { return false }
        return info._sifields._sigchld.si_pid == 0
    }

    public func waitUntilExit() {
        lock.lock()
        let known = waitStatus != nil
        lock.unlock()
        if known { return }
        var status: Int32 = 0
        while waitpid(processIdentifier, &status, 0) < 0 && errno == EINTR {}
        lock.lock()
        waitStatus = status
        lock.unlock()
    }

    /// The exit code, or the signal that ended the child. Call after `waitUntilExit()`.
    public var terminationStatus: Int32 {
        waitUntilExit()
        let status = lock.withLock { waitStatus ?? 0 }
        return status & 0x7f == 0 ? (status >> 8) & 0xff : status & 0x7f
    }

    public var terminationReason: TerminationReason {
        waitUntilExit()
        return lock.withLock { (waitStatus ?? 0) & 0x7f == 0 ? .exit : .uncaughtSignal }
    }

    public func terminate() { send(SIGTERM) }
    public func interrupt() { send(SIGINT) }

    /// Sends `number` unless the child is already reaped (its pid may name another process by then).
    public func send(_ number: Int32) {
        lock.lock()
        defer { lock.unlock() }
        if waitStatus == nil { kill(processIdentifier, number) }
    }

    public struct Output {
        public let status: Int32
        public let stdout: Data
        public let stderr: Data
        public var text: String { String(decoding: stdout, as: UTF8.self) }
    }

    /// Runs to the end with `input` on standard input, both outputs read side by side so a
    /// chatty child cannot fill one pipe and block.
    public static func run(
        _ executable: String, _ arguments: [String], environment: [String: String]? = nil, directory: String? = nil,
        input: Data? = nil
    ) throws -> Output {
        let child = try Spawned(
            executable, arguments, environment: environment, directory: directory, stdin: .pipe, stdout: .pipe,
            stderr: .pipe)
        let (out, err) = child.collect(input: input)
        return Output(status: child.terminationStatus, stdout: out, stderr: err)
    }

    /// Writes `input` (then closes standard input) and reads both output pipes to their end.
    public func collect(input: Data?) -> (stdout: Data, stderr: Data) {
        let collected = Collected()
        let group = DispatchGroup()
        for (handle, keep) in [(standardOutput, collected.setOut), (standardError, collected.setErr)] {
            guard let handle else { continue }
            group.enter()
            DispatchQueue.global().async {
                keep(handle.readDataToEndOfFile())
                group.leave()
            }
        }
        if let input, !input.isEmpty { try? standardInput?.write(contentsOf: input) }
        try? standardInput?.close()
        group.wait()
        waitUntilExit()
        return (collected.out, collected.err)
    }

    private static let ignoreBrokenPipes: Void = { _ = Glibc.signal(SIGPIPE, SIG_IGN) }()

    private final class Collected: @unchecked Sendable {
        private let lock = NSLock()
        private(set) var out = Data()
        private(set) var err = Data()
        func setOut(_ data: Data) { lock.withLock { out = data } }
        func setErr(_ data: Data) { lock.withLock { err = data } }
    }
}
