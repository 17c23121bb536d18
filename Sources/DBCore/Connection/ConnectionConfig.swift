import Foundation

/// Everything needed to open a connection. Built from a URL (see `ConnectionURL`) and
/// completed by the CLI (password file, timeouts). Its `redacted` form is the only form
/// of a target that dbops ever prints.
public struct ConnectionConfig: Sendable {
    public var engine: Engine
    public var host: String?
    public var port: Int?
    /// MySQL Unix socket path (PostgreSQL takes a socket directory as `host`).
    public var socket: String?
    public var user: String?
    public var password: Secret?
    public var database: String?
    /// Extra connection settings. PostgreSQL: libpq keywords passed through as-is
    /// (sslmode, sslrootcert, sslcert, sslkey, service, options, target_session_attrs...).
    /// MySQL: ssl-mode, ssl-ca, ssl-capath, ssl-cert, ssl-key.
    public var parameters: [String: String]
    /// Seconds allowed to establish the connection (libpq connect_timeout, MySQL
    /// MYSQL_OPT_CONNECT_TIMEOUT).
    public var connectTimeout: Double
    /// Client-side limit on waiting for a server reply, in seconds. Guards against a
    /// frozen server that would otherwise hang a diagnostic forever. nil: no limit.
    public var replyTimeout: Double?
    /// Seconds without progress after which a fresh connection checks that the server still
    /// answers; if it does not, the operation is ended (see StallWatchdog). nil: never.
    public var stallTimeout: Double? = ConnectionConfig.defaultStallTimeout
    public static let defaultStallTimeout = 30.0
    public static let defaultConnectTimeout = 5.0
    public var applicationName: String
    /// MySQL: allow LOAD DATA LOCAL INFILE (used by restore).
    public var allowLocalInfile: Bool

    public init(
        engine: Engine, host: String? = nil, port: Int? = nil, socket: String? = nil,
        user: String? = nil, password: Secret? = nil, database: String? = nil,
        parameters: [String: String] = [:], connectTimeout: Double = ConnectionConfig.defaultConnectTimeout,
        replyTimeout: Double? = nil, applicationName: String = "dbops",
        allowLocalInfile: Bool = false
    ) {
        self.engine = engine
        self.host = host
        self.port = port
        self.socket = socket
        self.user = user
        self.password = password
        self.database = database
        self.parameters = parameters
        self.connectTimeout = connectTimeout
        self.replyTimeout = replyTimeout
        self.applicationName = applicationName
        self.allowLocalInfile = allowLocalInfile
    }

    /// `postgres://user@host:port/db` with no password and no query parameters.
    public var redacted: String {
        var text = engine == .postgres ? "postgres://" : "mysql://"
        if let user, !user.isEmpty { text += user + "@" }
        let socketDirectory = host.map { $0.hasPrefix("/") } ?? false
        if let host, !host.isEmpty, !socketDirectory {
            text += host.contains(":") ? "[\(host)]" : host
        }
        if let port { text += ":\(port)" }
        text += "/" + (database ?? "")
        if socketDirectory, let host { text += "?host=" + host }
        if let socket { text += "?socket=" + socket }
        return text
    }

    /// The same server, another database.
    public func with(database: String?) -> ConnectionConfig {
        var copy = self
        copy.database = database
        return copy
    }
}
