import Foundation

/// Parses `postgres://`, `postgresql://`, `mysql://` and `mariadb://` URLs.
///
/// Errors never quote the URL: it may hold a password.
public enum ConnectionURL {
    static let mysqlParameters: Set<String> = ["ssl-mode", "ssl-ca", "ssl-capath", "ssl-cert", "ssl-key", "socket"]

    public static func parse(_ text: String) throws -> ConnectionConfig {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard let schemeEnd = trimmed.range(of: "://") else {
            throw DBError(.invalidTarget, "malformed URL: expected postgres://... or mysql://...")
        }
        let scheme = trimmed[..<schemeEnd.lowerBound].lowercased()
        let engine: Engine
        switch scheme {
        case "postgres", "postgresql": engine = .postgres
        case "mysql", "mariadb": engine = .mysql
        default:
            let shown = scheme.allSatisfy { $0.isLetter || $0.isNumber || $0 == "+" } ? scheme : "?"
            throw DBError(.invalidTarget, "unknown URL scheme '\(shown)': use postgres:// or mysql:// (mariadb://)")
        }
        var rest = Substring(trimmed[schemeEnd.upperBound...])
        var query = Substring("")
        if let q = rest.firstIndex(of: "?") {
            query = rest[rest.index(after: q)...]
            rest = rest[..<q]
        }
        var authority = rest
        var path = Substring("")
        if let slash = rest.firstIndex(of: "/") {
            authority = rest[..<slash]
            path = rest[rest.index(after: slash)...]
        }

        var config = ConnectionConfig(engine: engine)
        var hostPort = authority
        if let at = authority.lastIndex(of: "@") {
            let userInfo = authority[..<at]
            hostPort = authority[authority.index(after: at)...]
            if let colon = userInfo.firstIndex(of: ":") {
                config.user = try decode(userInfo[..<colon], "user name")
                config.password = Secret(try decode(userInfo[userInfo.index(after: colon)...], "password"))
            } else {
                config.user = try decode(userInfo, "user name")
            }
            if config.user?.isEmpty == true { config.user = nil }
        }
        try parseHostPort(hostPort, into: &config)
        if !path.isEmpty {
            if path.contains("/") {
                throw DBError(.invalidTarget, "malformed URL: the path must be a single database name")
            }
            config.database = try decode(path, "database name")
        }
        for pair in query.split(separator: "&") where !pair.isEmpty {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let key = try decode(parts[0], "parameter name")
            let value = parts.count > 1 ? try decode(parts[1], "parameter value") : ""
            try apply(key: key, value: value, to: &config)
        }
        return config
    }

    private static func parseHostPort(_ text: Substring, into config: inout ConnectionConfig) throws {
        guard !text.isEmpty else { return }
        var host = text
        var port: Substring?
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]") else {
                throw DBError(.invalidTarget, "malformed URL: unterminated [IPv6] host")
            }
            host = text[text.index(after: text.startIndex)..<close]
            let after = text[text.index(after: close)...]
            if after.hasPrefix(":") {
                port = after.dropFirst()
            } else if !after.isEmpty {
                throw DBError(.invalidTarget, "malformed URL: unexpected text after [IPv6] host")
            }
        } else if let colon = text.lastIndex(of: ":") {
            host = text[..<colon]
            port = text[text.index(after: colon)...]
        }
        if host.contains(",") {
            throw DBError(.invalidTarget, "multiple hosts in one URL are not supported; give one target per server")
        }
        config.host = host.isEmpty ? nil : try decode(host, "host")
        if let port {
            guard let number = Int(port), (1...65535).contains(number) else {
                throw DBError(.invalidTarget, "malformed URL: port must be a number from 1 to 65535")
            }
            config.port = number
        }
    }

    private static func apply(key: String, value: String, to config: inout ConnectionConfig) throws {
        switch (config.engine, key) {
        case (_, "password"):
            config.password = Secret(value)
        case (_, "user"):
            config.user = value
        case (.postgres, "dbname"):
            config.database = value
        case (.postgres, "host"):
            config.host = value
        case (.postgres, "port"), (.mysql, "port"):
            guard let number = Int(value), (1...65535).contains(number) else {
                throw DBError(.invalidTarget, "malformed URL: port must be a number from 1 to 65535")
            }
            config.port = number
        case (_, "connect_timeout"), (_, "connect-timeout"):
            guard let seconds = DurationText.seconds(value), (1...3600).contains(seconds) else {
                throw DBError(
                    .invalidTarget,
                    "connect_timeout \(value): expected seconds or \(DurationText.example), from 1s to 1h")
            }
            config.connectTimeout = seconds
        case (.postgres, _):
            // Values libpq takes from a fixed list are checked here, so a typo is a usage
            // error before connecting, not an outage reported by a health check.
            if let allowed = postgresChoices[key], !allowed.contains(value) {
                throw DBError(
                    .invalidTarget, "URL parameter \(key)=\(value): expected one of \(allowed.joined(separator: ", "))")
            }
            if let range = postgresIntegers[key],
                !(value.allSatisfy { $0.isASCII && $0.isNumber } && Int(value).map(range.contains) == true)
            {
                throw DBError(
                    .invalidTarget,
                    "URL parameter \(key)=\(value): expected a whole number from \(range.lowerBound) to \(range.upperBound)"
                )
            }
            if !postgresKeywords.contains(key) {
                throw DBError(.invalidTarget, "unknown PostgreSQL URL parameter '\(key)'")
            }
            config.parameters[key] = value
        case (.mysql, "socket"):
            config.socket = value
        case (.mysql, _):
            // Accept both MySQL's option spelling (ssl-mode) and libpq-like ones (sslmode, sslrootcert).
            let canonical: String
            switch key.lowercased().replacingOccurrences(of: "_", with: "-") {
            case "ssl-mode", "sslmode": canonical = "ssl-mode"
            case "ssl-ca", "sslca", "sslrootcert": canonical = "ssl-ca"
            case "ssl-capath", "sslcapath": canonical = "ssl-capath"
            case "ssl-cert", "sslcert": canonical = "ssl-cert"
            case "ssl-key", "sslkey": canonical = "ssl-key"
            default:
                throw DBError(
                    .invalidTarget,
                    "unknown MySQL URL parameter '\(key)' (known: ssl-mode, ssl-ca, ssl-capath, ssl-cert, ssl-key, socket, connect_timeout)"
                )
            }
            config.parameters[canonical] = canonical == "ssl-mode" ? try mysqlSSLMode(value) : value
        }
    }

    /// MySQL's ssl-mode, checked here (a bad value is a usage error, not an outage a health
    /// check reports), in MySQL's spelling or libpq's (sslmode=require, verify-full).
    static func mysqlSSLMode(_ value: String) throws -> String {
        let spelled = value.uppercased().replacingOccurrences(of: "-", with: "_")
        let libpq = [
            "DISABLE": "DISABLED", "PREFER": "PREFERRED", "REQUIRE": "REQUIRED", "VERIFY_FULL": "VERIFY_IDENTITY",
        ]
        let mode = libpq[spelled] ?? spelled
        let known = ["DISABLED", "PREFERRED", "REQUIRED", "VERIFY_CA", "VERIFY_IDENTITY"]
        guard known.contains(mode) else {
            throw DBError(
                .invalidTarget, "URL parameter ssl-mode=\(value): expected one of \(known.joined(separator: ", "))")
        }
        return mode
    }

    /// libpq's integer keywords, within what the kernel takes (TCP_KEEPIDLE and
    /// TCP_KEEPINTVL to 32767 s, TCP_KEEPCNT to 127; 0 is the system's default): libpq
    /// passes them on unchecked, and a -5 failed every connection as an outage.
    static let postgresIntegers: [String: ClosedRange<Int>] = [
        "keepalives_idle": 0...32767, "keepalives_interval": 0...32767, "keepalives_count": 0...127,
        "tcp_user_timeout": 0...Int(Int32.max),
    ]

    static let postgresChoices: [String: [String]] = [
        "sslmode": ["disable", "allow", "prefer", "require", "verify-ca", "verify-full"],
        "gssencmode": ["disable", "prefer", "require"],
        "channel_binding": ["disable", "prefer", "require"],
        "target_session_attrs": ["any", "read-write", "read-only", "primary", "standby", "prefer-standby"],
        "load_balance_hosts": ["disable", "random"],
        "sslcompression": ["0", "1"],
        "keepalives": ["0", "1"],
    ]

    /// libpq 15's connection keywords (those dbops sets itself are handled above).
    static let postgresKeywords: Set<String> = [
        "hostaddr", "passfile", "options", "application_name", "fallback_application_name", "keepalives",
        "keepalives_idle", "keepalives_interval", "keepalives_count", "tcp_user_timeout", "replication", "gssencmode",
        "sslmode", "requiressl", "sslcompression", "sslcert", "sslkey", "sslpassword", "sslrootcert", "sslcrl",
        "sslcrldir",
        "sslsni", "requirepeer", "ssl_min_protocol_version", "ssl_max_protocol_version", "krbsrvname", "gsslib",
        "service",
        "target_session_attrs", "channel_binding", "client_encoding", "load_balance_hosts",
    ]

    private static func decode(_ text: Substring, _ what: String) throws -> String {
        guard let decoded = String(text).removingPercentEncoding else {
            throw DBError(.invalidTarget, "malformed URL: bad percent-encoding in the \(what)")
        }
        // The client libraries take C strings: "prod%00copy" would reach the server as
        // "prod", another database than the one named.
        guard !decoded.contains("\0") else {
            throw DBError(.invalidTarget, "malformed URL: a NUL byte (%00) in the \(what)")
        }
        return decoded
    }
}
