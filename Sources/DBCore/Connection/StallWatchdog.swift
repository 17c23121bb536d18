import Foundation

/// Bounds every wait on a server that may have frozen (SIGSTOP, a hung VM, a dead
/// network path). A long statement can be silent for minutes while the server is busy
/// (an index build, a lock wait), so silence alone proves nothing; but when a watched
/// operation has seen no progress for `stallTimeout` seconds, the watchdog opens a fresh
/// connection to the same server and asks `SELECT 1`. A server that answers is alive and
/// the wait goes on; one that does not answer within the probe's own timeouts is frozen
/// or gone, and the operation is ended: its socket is shut down (the blocked read returns
/// at once) or its child process is killed. The kernel of a frozen machine still accepts
/// TCP connections and answers keepalives on loopback, so neither TCP keepalives nor a
/// cancel request (which itself waits for the server) can tell this on their own.
public final class StallWatchdog: @unchecked Sendable {
    public static let shared = StallWatchdog()

    /// What to do to a stalled operation: shut its socket down, or kill its child.
    public enum Action: Sendable {
        case shutdownSocket(Int32)
        case killProcess(pid_t)
    }

    private final class Entry {
        let config: ConnectionConfig
        let limit: Double
        let action: Action
        var lastProgress: UInt64
        var probing = false
        var fired = false

        init(config: ConnectionConfig, limit: Double, action: Action) {
            self.config = config
            self.limit = limit
            self.action = action
            lastProgress = DispatchTime.now().uptimeNanoseconds
        }
    }

    private let lock = NSLock()
    private var entries: [Int: Entry] = [:]
    /// Servers found frozen, and when: an operation that starts on one soon after (the
    /// unwinding's ROLLBACK, another worker's next statement) ends at once instead of
    /// waiting out its own stall timeout.
    private var frozen: [String: UInt64] = [:]
    private static let frozenMemory = 60.0

    private static func serverKey(_ config: ConnectionConfig) -> String {
        "\(config.engine.rawValue)|\(config.host ?? "")|\(config.port.map(String.init) ?? "")|\(config.socket ?? "")"
    }
    private var nextToken = 0
    private var threadStarted = false

    /// Watches an operation on `config`'s server until `end(token)`. Returns nil when the
    /// config sets no stall timeout.
    public func begin(_ config: ConnectionConfig, action: Action) -> Int? {
        guard let limit = config.stallTimeout, limit > 0 else { return nil }
        lock.lock()
        defer { lock.unlock() }
        nextToken += 1
        let entry = Entry(config: config, limit: limit, action: action)
        entries[nextToken] = entry
        if frozenLocked(config) {
            entry.fired = true
            perform(action)
        }
        if !threadStarted {
            threadStarted = true
            let thread = Thread { [self] in loop() }
            thread.name = "dbops.stall-watchdog"
            thread.start()
        }
        return nextToken
    }

    /// True while `config`'s server is known to be frozen: a cancel request to it would
    /// only wait out its own timeout, so cancellers skip it.
    public func isFrozen(_ config: ConnectionConfig) -> Bool {
        lock.lock()
        defer { lock.unlock() }
        return frozenLocked(config)
    }

    /// (With the lock held.)
    private func frozenLocked(_ config: ConnectionConfig) -> Bool {
        guard let since = frozen[Self.serverKey(config)] else { return false }
        return Double(DispatchTime.now().uptimeNanoseconds &- since) / 1e9 < Self.frozenMemory
    }

    /// The operation moved (bytes or rows arrived): its silence starts again.
    public func progress(_ token: Int?) {
        guard let token else { return }
        lock.lock()
        entries[token]?.lastProgress = DispatchTime.now().uptimeNanoseconds
        lock.unlock()
    }

    /// Stops watching; true when the watchdog ended the operation (the error the operation
    /// saw is then the watchdog's doing, and `stalledError` says why).
    @discardableResult
    public func end(_ token: Int?) -> Bool {
        guard let token else { return false }
        lock.lock()
        defer { lock.unlock() }
        return entries.removeValue(forKey: token)?.fired ?? false
    }

    public static func stalledError(_ config: ConnectionConfig) -> DBError {
        let seconds = config.stallTimeout.map { Format.duration($0) } ?? "?"
        return DBError(
            .timeout,
            "the server stopped answering: nothing arrived for \(seconds) and a new connection got no reply either (frozen or unreachable); gave up"
        )
    }

    /// Runs `body` watched; an error after the watchdog fired becomes `stalledError`,
    /// after `onStall` (a connection marks itself broken there: its socket is shut down).
    public func watch<T>(
        _ config: ConnectionConfig, action: Action, onStall: () -> Void = {},
        _ body: (Int?) throws -> T
    ) throws -> T {
        let token = begin(config, action: action)
        do {
            let value = try body(token)
            end(token)
            return value
        } catch {
            if end(token) {
                onStall()
                throw Self.stalledError(config)
            }
            throw error
        }
    }

    private func loop() {
        while true {
            Thread.sleep(forTimeInterval: 0.25)
            let now = DispatchTime.now().uptimeNanoseconds
            lock.lock()
            var due: [(Int, Entry)] = []
            for (token, entry) in entries where !entry.probing && !entry.fired {
                if Double(now &- entry.lastProgress) / 1e9 >= entry.limit {
                    entry.probing = true
                    due.append((token, entry))
                }
            }
            lock.unlock()
            for (token, entry) in due {
                // Probes run on their own threads: one slow probe must not delay another.
                Thread.detachNewThread { [self] in probe(token, entry) }
            }
        }
    }

    private func probe(_ token: Int, _ entry: Entry) {
        let alive = Self.answers(entry.config)
        lock.lock()
        defer { lock.unlock() }
        entry.probing = false
        guard entries[token] === entry else { return }  // finished meanwhile
        if alive {
            entry.lastProgress = DispatchTime.now().uptimeNanoseconds
            frozen[Self.serverKey(entry.config)] = nil
            return
        }
        entry.fired = true
        frozen[Self.serverKey(entry.config)] = DispatchTime.now().uptimeNanoseconds
        // Under the lock: the operation cannot end (and its socket be closed and reused)
        // while this runs.
        perform(entry.action)
    }

    private func perform(_ action: Action) {
        switch action {
        case .shutdownSocket(let socket): _ = shutdown(socket, Int32(SHUT_RDWR))
        // The child leads a process group of its own (ChildProcess): its forked workers go too.
        case .killProcess(let pid): _ = kill(-pid, SIGKILL)
        }
    }

    /// A new connection and `SELECT 1`, each bounded. A server that answers at all, even
    /// with an error (too many connections, a password since changed), is alive: only
    /// silence, a refused connection or a dropped one count as gone.
    static func answers(_ config: ConnectionConfig) -> Bool {
        var probe = config
        probe.stallTimeout = nil
        probe.connectTimeout = min(config.connectTimeout, 10)
        probe.replyTimeout = probe.connectTimeout
        probe.applicationName = "dbops-probe"
        do {
            let connection = try Database.connect(probe)
            defer { connection.close() }
            return try connection.scalar("SELECT 1") == "1"
        } catch let error as DBError {
            switch error.code {
            case .timeout, .connectionLost: return false
            case .connectionFailed: return error.message.lowercased().contains("too many")
            default: return true
            }
        } catch {
            return false
        }
    }
}
