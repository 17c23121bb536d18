import Foundation
import Logging

/// `--log-sql`: every statement a connection sends, with how long it took, through
/// swift-log (to stderr). Parameters are never printed — only how many there were — and
/// the text is dbops' own SQL, never a password. Off unless the CLI turns it on.
public enum StatementLog {
    private static let holder = Holder()

    private final class Holder: @unchecked Sendable {
        let lock = NSLock()
        var logger: Logger?
    }

    /// Turns statement logging on (once, at start).
    public static func enable(_ logger: Logger) {
        holder.lock.lock()
        holder.logger = logger
        holder.lock.unlock()
    }

    static var logger: Logger? {
        holder.lock.lock()
        defer { holder.lock.unlock() }
        return holder.logger
    }

    /// Runs `body` (one statement) and logs it when enabled.
    static func timed<T>(_ engine: Engine, session: Int, _ sql: String, parameters: Int, _ body: () throws -> T)
        rethrows -> T
    {
        guard let logger else { return try body() }
        let start = DispatchTime.now().uptimeNanoseconds
        func line(_ outcome: String) -> Logger.Message {
            let ms = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6
            let text = sql.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
                .filter { !$0.isEmpty && !$0.hasPrefix("--") }.joined(separator: " ")
            let shown = text.count > 400 ? String(text.prefix(400)) + "…" : text
            let note = parameters > 0 ? " [\(parameters) parameter(s), values not shown]" : ""
            return "\(engine.rawValue) session \(session) \(String(format: "%.1f", ms)) ms \(outcome): \(shown)\(note)"
        }
        do {
            let value = try body()
            logger.debug(line("ok"))
            return value
        } catch {
            logger.debug(line("failed"))
            throw error
        }
    }
}
