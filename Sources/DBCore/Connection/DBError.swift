/// The one error type dbops' core throws. Its `description` is a single line that never
/// holds a password or a full connection string: targets are shown in their redacted form.
public struct DBError: Error, CustomStringConvertible, Sendable {
    /// A stable machine-readable kind, used for exit codes and JSON output.
    public struct Code: Hashable, Sendable, CustomStringConvertible, Codable {
        public let rawValue: String
        public init(_ rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        public init(from decoder: Decoder) throws {
            rawValue = try decoder.singleValueContainer().decode(String.self)
        }
        public func encode(to encoder: Encoder) throws {
            var container = encoder.singleValueContainer()
            try container.encode(rawValue)
        }

        public static let invalidTarget = Code("invalid_target")
        public static let connectionFailed = Code("connection_failed")
        public static let authenticationFailed = Code("authentication_failed")
        public static let databaseNotFound = Code("database_not_found")
        public static let serverStarting = Code("server_starting")
        public static let connectionLost = Code("connection_lost")
        public static let timeout = Code("timeout")
        public static let cancelled = Code("cancelled")
        public static let serverError = Code("server_error")
        public static let permissionDenied = Code("permission_denied")
        public static let undefinedObject = Code("undefined_object")
        public static let lockNotAvailable = Code("lock_not_available")
        /// A table changed by a schema change since the transaction's snapshot was taken
        /// (MySQL/MariaDB: ALTER, TRUNCATE, OPTIMIZE rebuilt it): its rows as of the
        /// snapshot can no longer be read.
        public static let definitionChanged = Code("definition_changed")
        /// Chosen as a deadlock victim or a serialization failure: retrying may succeed.
        public static let deadlock = Code("deadlock")
        public static let unsupported = Code("unsupported")
        public static let clientError = Code("client_error")
        public static let io = Code("io_error")
        public static let corrupt = Code("corrupt_data")
    }

    public var code: Code
    public var message: String
    /// PostgreSQL SQLSTATE, or the SQLSTATE MySQL/MariaDB reports.
    public var sqlState: String?
    /// MySQL/MariaDB error number (e.g. 1045 access denied).
    public var mysqlErrno: Int?
    public var detail: String?
    public var hint: String?

    public init(
        _ code: Code, _ message: String, sqlState: String? = nil, mysqlErrno: Int? = nil,
        detail: String? = nil, hint: String? = nil
    ) {
        self.code = code
        self.message = DBError.oneLine(message)
        self.sqlState = sqlState
        self.mysqlErrno = mysqlErrno
        self.detail = detail.map(DBError.oneLine)
        self.hint = hint.map(DBError.oneLine)
    }

    public var description: String {
        var text = message
        if let detail, !detail.isEmpty { text += " (\(detail))" }
        if let hint, !hint.isEmpty { text += "; hint: \(hint)" }
        return text
    }

    /// A copy whose message starts with `context`, e.g. the redacted target or a table.
    public func prefixed(_ context: String) -> DBError {
        var copy = self
        // A context may hold a name with a line break in it; errors stay one line.
        copy.message = DBError.oneLine("\(context): \(message)")
        return copy
    }

    /// Server and library messages span lines ("...failed: FATAL:  password ...\n");
    /// errors in dbops are one line. An indented line starting in lower case goes on the
    /// sentence before it: libpq wraps "...terminated abnormally\n\tbefore or while
    /// processing...". Any other line is a sentence of its own, even in lower case: the
    /// server's "FATAL: ..." and libpq's "server closed the connection unexpectedly" below it.
    static func oneLine(_ text: String) -> String {
        var joined = ""
        for raw in text.split(whereSeparator: \.isNewline) {
            let line = raw.trimmingCharacters(in: .whitespaces)
            guard !line.isEmpty else { continue }
            if !joined.isEmpty {
                let wrapped = raw.first?.isWhitespace == true && line.first?.isLowercase == true
                joined += wrapped ? " " : "; "
            }
            joined += line
        }
        while joined.contains("  ") { joined = joined.replacingOccurrences(of: "  ", with: " ") }
        return joined
    }
}

import Foundation

public extension DBError {
    /// One line for any error (Foundation errors included), never a dump.
    static func oneLineDescription(of error: Error) -> String {
        if let db = error as? DBError { return db.description }
        return oneLine(String(describing: error))
    }
}

public extension DBError {
    /// The same error with `context` (a table, a file) in front; other errors become DBErrors.
    static func wrap(_ error: Error, context: String) -> Error {
        if let db = error as? DBError {
            if db.code == .cancelled { return db }
            return db.prefixed(context)
        }
        return DBError(.clientError, "\(context): \(oneLineDescription(of: error))")
    }
}

public extension DBError {
    /// The server did not answer (a connect or reply timeout, a lost connection, a restart
    /// under way), as opposed to answering with an error.
    var isUnanswered: Bool { [.connectionFailed, .connectionLost, .timeout, .serverStarting].contains(code) }

    static func isUnanswered(_ error: Error) -> Bool { (error as? DBError)?.isUnanswered ?? false }
}
