import CLibPQ
import Foundation

/// A helper program (pg_dump, pg_restore) run without a shell, with an environment dbops
/// builds itself, standard output discarded, standard error captured, and optionally an
/// in-memory secret file passed as descriptor 3 (see `SecretFile`). The run is watched
/// like a statement: if the server stops answering, the child is killed (StallWatchdog),
/// and Ctrl-C stops it — the child with every process it forked (its process group).
public struct ChildProcess {
    public let executable: String
    public let arguments: [String]
    public var environment: [String: String]
    public var secret: SecretFile?

    public init(executable: String, arguments: [String], environment: [String: String], secret: SecretFile? = nil) {
        self.executable = executable
        self.arguments = arguments
        self.environment = environment
        self.secret = secret
    }

    public struct Result {
        public var status: Int32
        public var stderr: String
    }

    /// Runs to the end; `server` is the connection the child works on (for the watchdog).
    public func run(server: ConnectionConfig) throws -> Result {
        var errorPipe: [Int32] = [0, 0]
        guard pipe(&errorPipe) == 0 else { throw DBError(.io, "pipe failed: \(String(cString: strerror(errno)))") }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, errorPipe[1], 2)
        posix_spawn_file_actions_addclose(&actions, errorPipe[0])
        if let secret { posix_spawn_file_actions_adddup2(&actions, secret.descriptor, SecretFile.childDescriptor) }
        // Nothing else dbops has open reaches the child.
        posix_spawn_file_actions_addclosefrom_np(&actions, SecretFile.childDescriptor + 1)

        let command = Self.diesWithParent.map { [$0, "--pdeathsig", "KILL", "--", executable] } ?? [executable]
        let argv = (command + arguments).map { strdup($0) } + [nil]
        let envp = environment.sorted { $0.key < $1.key }.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        // A process group of its own, which is what gets signalled: pg_restore -j forks
        // workers that hold the server's sessions (and this stderr pipe), and killing the
        // leader alone left them blocked on a frozen server and dbops reading for ever.
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP))
        posix_spawnattr_setpgroup(&attributes, 0)
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, command[0], &actions, &attributes, argv, envp)
        close(errorPipe[1])
        guard spawned == 0 else {
            close(errorPipe[0])
            throw DBError(.io, "cannot start \(executable): \(String(cString: strerror(spawned)))")
        }
        let interruption = Interruption.shared.register(ChildKiller(pid: pid))
        defer { Interruption.shared.unregister(interruption) }
        let token = StallWatchdog.shared.begin(server, action: .killProcess(pid))
        let errors = FileHandle(fileDescriptor: errorPipe[0], closeOnDealloc: true).readDataToEndOfFile()
        var status: Int32 = 0
        // Whatever of the group outlived its leader (a worker of a leader that crashed) is
        // killed while the leader is not yet reaped, so its number cannot have been reused.
        var info = siginfo_t()
        while waitid(P_PID, id_t(pid), &info, WEXITED | WNOWAIT) < 0 && errno == EINTR {}
        kill(-pid, SIGKILL)
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        if StallWatchdog.shared.end(token) { throw StallWatchdog.stalledError(server) }
        let exited = (status & 0x7f) == 0
        return Result(
            status: exited ? (status >> 8) & 0xff : 128 + (status & 0x7f),
            stderr: String(decoding: errors, as: UTF8.self))
    }
}

extension ChildProcess {
    /// util-linux's setpriv, which sets the parent-death signal and then runs the tool in
    /// its place (same pid): a dbops killed with SIGKILL takes its pg_dump or pg_restore
    /// with it, instead of leaving it working on (holding locks, writing the target) with
    /// nobody to report to. The signal follows the spawning thread, which waits on the
    /// child until it ends. Absent (not Linux's util-linux), the tool runs directly.
    static let diesWithParent: String? = ["/usr/bin/setpriv", "/bin/setpriv"].first {
        FileManager.default.isExecutableFile(atPath: $0)
    }
}

/// Stops a child process, and the workers it forked, when dbops is interrupted.
final class ChildKiller: QueryCanceller, @unchecked Sendable {
    private let pid: pid_t
    init(pid: pid_t) { self.pid = pid }
    func cancel() { kill(-pid, SIGTERM) }
}

/// A secret (a libpq password file) in an anonymous in-memory file: it has no path, so
/// nothing is left on disk when dbops is killed, and only a child given the descriptor
/// (as descriptor 3, named `/dev/fd/3`) can read it. Mode 0600, as libpq demands.
public final class SecretFile {
    public static let childDescriptor: Int32 = 3
    public let descriptor: Int32

    public init(contents: String) throws {
        descriptor = dbops_memfd_create("dbops-secret")
        guard descriptor >= 0 else { throw DBError(.io, "memfd_create failed: \(String(cString: strerror(errno)))") }
        _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC)  // no other child inherits it by accident
        guard fchmod(descriptor, 0o600) == 0 else {
            close(descriptor)
            throw DBError(.io, "cannot restrict the secret file: \(String(cString: strerror(errno)))")
        }
        var bytes = Array(contents.utf8)
        defer { for i in bytes.indices { bytes[i] = 0 } }
        let written = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        guard written == bytes.count else {
            close(descriptor)
            throw DBError(.io, "cannot write the secret file")
        }
    }

    /// The name the child opens it by.
    public static var childPath: String { "/dev/fd/\(childDescriptor)" }

    deinit { close(descriptor) }
}
