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
    /// Reads the first line of a password file. Like ~/.pgpass, the file must not be
    /// readable by group or others: a world-readable password is refused, not used.
    public static func read(_ path: String) throws -> Secret {
        let expanded = NSString(string: path).expandingTildeInPath
        var info = stat()
        guard stat(expanded, &info) == 0 else {
            throw DBError(.invalidTarget, "password file \(path): \(String(cString: strerror(errno)))")
        }
        guard info.st_mode & S_IFMT == S_IFREG else {
            throw DBError(.invalidTarget, "password file \(path) is not a regular file")
        }
        if info.st_mode & 0o077 != 0 {
            throw DBError(
                .invalidTarget,
                "password file \(path) is readable by group or others (mode \(String(info.st_mode & 0o777, radix: 8))); run: chmod 600 \(path)"
            )
        }
        guard let data = FileManager.default.contents(atPath: expanded),
            let text = String(data: data, encoding: .utf8)
        else {
            throw DBError(.invalidTarget, "password file \(path) cannot be read")
        }
        // "\r\n" is one Character in Swift, so splitting on "\n" never ended a line a
        // Windows editor wrote: the password then carried its line ending.
        let firstLine =
            text.split(maxSplits: 1, omittingEmptySubsequences: false, whereSeparator: \.isNewline).first ?? ""
        return Secret(String(firstLine))
    }
}
