import Foundation

/// Limits a job puts on its own session so it cannot block or load the server.
public struct SessionSettings: Sendable, Codable, Equatable {
    /// Longest a single statement may run, in seconds.
    public var statementTimeout: Double?
    /// Longest a statement may wait for a lock, in seconds.
    public var lockTimeout: Double?
    /// Refuse writes for the whole session.
    public var readOnly: Bool
    /// Every row or an error: PostgreSQL's row_security off, as pg_dump sets it, so a
    /// policy that would hide rows from this role fails the statement, naming the table,
    /// rather than a cleanup finding nothing due or a report counting no one.
    public var allRows: Bool
    /// PostgreSQL: the session reads the catalogs only, so its search_path is `pg_catalog`
    /// alone, as pg_dump and vacuumdb set theirs (CVE-2018-1058): a function or operator
    /// someone made in a schema on the database's path (`public.pg_relation_size(oid)`,
    /// which matches `c.oid` better than the built-in's regclass) is never what dbops'
    /// queries call, whoever runs dbops. Application tables are then named with their
    /// schema; what must find them on the path runs in `withApplicationPath`.
    public var catalogOnly: Bool

    public init(
        statementTimeout: Double? = nil, lockTimeout: Double? = nil, readOnly: Bool = false, allRows: Bool = false,
        catalogOnly: Bool = false
    ) {
        self.statementTimeout = statementTimeout
        self.lockTimeout = lockTimeout
        self.readOnly = readOnly
        self.allRows = allRows
        self.catalogOnly = catalogOnly
    }
}

public extension DatabaseConnection {
    /// Applies the settings to this session (values bound as parameters).
    func apply(_ settings: SessionSettings) throws {
        switch engine {
        case .postgres:
            // One round trip for all of them: a fleet run opens a session per database.
            var pairs: [(String, String)] = []
            if let seconds = settings.statementTimeout {
                pairs.append(("statement_timeout", Self.milliseconds(seconds)))
            }
            if let seconds = settings.lockTimeout { pairs.append(("lock_timeout", Self.milliseconds(seconds))) }
            if settings.readOnly { pairs.append(("default_transaction_read_only", "on")) }
            if settings.allRows { pairs.append(("row_security", "off")) }
            if settings.catalogOnly { pairs.append(("search_path", "pg_catalog")) }
            guard !pairs.isEmpty else { return }
            // Qualified: a database may list a schema before pg_catalog on its path.
            let calls = pairs.indices.map { "pg_catalog.set_config($\(2 * $0 + 1), $\(2 * $0 + 2), false)" }
            try execute(
                "SELECT " + calls.joined(separator: ", "), pairs.flatMap { [SQLValue.text($0.0), .text($0.1)] })
        case .mysql:
            if let seconds = settings.statementTimeout {
                if server.flavor == .mariadb {
                    try execute("SET SESSION max_statement_time = ?", [.double(seconds)])
                } else {
                    // MySQL limits SELECT statements only, in milliseconds.
                    try execute("SET SESSION max_execution_time = ?", [.int(Int64((seconds * 1000).rounded(.up)))])
                }
            }
            if let seconds = settings.lockTimeout {
                // MySQL counts lock waits in whole seconds.
                let whole = Int64(max(1, seconds.rounded(.up)))
                try execute("SET SESSION innodb_lock_wait_timeout = ?", [.int(whole)])
                try execute("SET SESSION lock_wait_timeout = ?", [.int(whole)])
            }
            if settings.readOnly {
                try executeScript("SET SESSION TRANSACTION READ ONLY")
            }
        }
    }

    /// Runs `body` with the session's own search_path back, pg_catalog taken out of it and so
    /// searched first (PostgreSQL; on MySQL/MariaDB it just runs): for what must find the
    /// application's tables by name in a `catalogOnly` session (an analytics profile's
    /// tables, an operator's own check). The catalog-only path returns after it, whether it
    /// threw or not.
    func withApplicationPath<T>(_ body: () throws -> T) throws -> T {
        switch engine {
        case .mysql: return try body()
        case .postgres: break
        }
        try executeScript(.catalogApplicationPath)
        let result: T
        do {
            result = try body()
        } catch {
            try? executeScript(.catalogCatalogPath)
            throw error
        }
        try executeScript(.catalogCatalogPath)
        return result
    }

    private static func milliseconds(_ seconds: Double) -> String {
        String(Int64((seconds * 1000).rounded(.up)))
    }
}
