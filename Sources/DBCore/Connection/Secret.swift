import Foundation

/// A password. It prints as asterisks so it cannot leak through string interpolation,
/// logging or error messages; only the drivers call `reveal()`.
public struct Secret: Sendable, CustomStringConvertible, CustomDebugStringConvertible, Equatable {
    private let value: String
    public init(_ value: String) { self.value = value }
    public func reveal() -> String { value }
    public var description: String { "********" }
    public var debugDescription: String { "********" }
    public var isEmpty: Bool { value.isEmpty }
}

public enum PasswordFile {
    /// Passwords read from pipes, by path: a pipe gives its text once, and a fleet run
    /// resolves one --password-file for every target.
    nonisolated(unsafe) private static var piped: [String: Secret] = [:]
    private static let pipedLock = NSLock()

    /// How long a pipe may stay silent before its password is given up on (a FIFO nobody
    /// writes would otherwise hold the run for good).
    static let pipeWait: Int32 = 10_000

    /// Reads the first line of a password file. Like ~/.pgpass, the file must not be
    /// readable by group or others: a world-readable password is refused, not used. A pipe
    /// (`--password-file <(vault read ...)`, /dev/stdin) is taken too, on the same terms:
    /// the password then never touches a disk.
    public static func read(_ path: String) throws -> Secret {
        let expanded = NSString(string: path).expandingTildeInPath
        var info = stat()
        guard stat(expanded, &info) == 0 else {
            throw DBError(.invalidTarget, "password file \(path): \(String(cString: strerror(errno)))")
        }
        let kind = info.st_mode & S_IFMT
        guard kind == S_IFREG || kind == S_IFIFO else {
            throw DBError(.invalidTarget, "password file \(path) is not a regular file or a pipe")
        }
        if info.st_mode & 0o077 != 0 {
            throw DBError(
                .invalidTarget,
                "password file \(path) is readable by group or others (mode \(String(info.st_mode & 0o777, radix: 8))); run: chmod 600 \(path)"
            )
        }
        if kind == S_IFIFO {
            pipedLock.lock()
            defer { pipedLock.unlock() }
            if let known = piped[expanded] { return known }
            let secret = try firstLine(try readPipe(expanded, path: path), path: path)
            piped[expanded] = secret
            return secret
        }
        guard let data = FileManager.default.contents(atPath: expanded) else {
            throw DBError(.invalidTarget, "password file \(path) cannot be read")
        }
        return try firstLine(data, path: path)
    }

    /// Text that is not UTF-8 is refused: decoded with replacement characters, it would
    /// be sent as another password and fail as a wrong one.
    private static func firstLine(_ data: Data, path: String) throws -> Secret {
        guard let text = String(data: data, encoding: .utf8) else {
            throw DBError(.invalidTarget, "password file \(path) cannot be read as UTF-8 text")
        }
        // "\r\n" is one Character in Swift, so splitting on "\n" never ended a line a
        // Windows editor wrote: the password then carried its line ending.
        let firstLine =
            text.split(maxSplits: 1, omittingEmptySubsequences: false, whereSeparator: \.isNewline).first ?? ""
        return Secret(String(firstLine))
    }

    /// A pipe's text to its end, waiting at most `pipeWait` ms for each piece.
    private static func readPipe(_ expanded: String, path: String) throws -> Data {
        // Non-blocking, or opening a FIFO no one has opened for writing waits for good.
        let descriptor = open(expanded, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw DBError(.invalidTarget, "password file \(path): \(String(cString: strerror(errno)))")
        }
        defer { close(descriptor) }
        var data = Data()
        var buffer = [UInt8](repeating: 0, count: 4096)
        while data.count < 1 << 16 {
            var wanted = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
            let ready = poll(&wanted, 1, pipeWait)
            if ready < 0 && errno == EINTR { continue }
            guard ready > 0 else {
                throw DBError(
                    .invalidTarget, "password file \(path): nothing came through the pipe in \(pipeWait / 1000) s")
            }
            let count = Glibc.read(descriptor, &buffer, buffer.count)
            if count < 0 && (errno == EAGAIN || errno == EINTR) { continue }
            guard count > 0 else { break }
            data.append(contentsOf: buffer[0..<count])
        }
        return data
    }
}
