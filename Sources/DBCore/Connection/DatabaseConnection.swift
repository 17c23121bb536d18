/// The one small API feature modules use, whatever the engine.
///
/// A connection is owned by one thread at a time (the C handles are not thread-safe);
/// only its `QueryCanceller` may be used from elsewhere.
public protocol DatabaseConnection: AnyObject {
    var config: ConnectionConfig { get }
    var server: ServerInfo { get }
    /// PostgreSQL backend PID or MySQL connection (thread) id.
    var sessionID: Int { get }
    /// True once the connection can no longer be used (lost, timed out mid-reply).
    var isBroken: Bool { get }

    /// Runs one statement with bound parameters and reads its whole (small) result.
    func query(_ sql: String, _ parameters: [SQLValue]) throws -> ResultSet

    /// Runs one statement and hands its rows to `body` one at a time, holding only the
    /// current row in memory (libpq single-row mode, mysql_use_result / unbuffered
    /// prepared statements). Returns the number of rows.
    @discardableResult
    func stream(_ sql: String, _ parameters: [SQLValue], _ body: (Row) throws -> Void) throws -> Int64

    /// Runs exactly one statement, whatever the text holds: text that came from elsewhere
    /// (a statement sample) can never smuggle in a second one. PostgreSQL's extended
    /// protocol and MySQL's prepared statements both refuse several statements.
    func singleStatement(_ sql: String) throws -> ResultSet

    /// Runs SQL text with no parameters and no result: DDL scripts, SET lists.
    /// May hold several statements separated by semicolons.
    func executeScript(_ sql: String) throws

    /// A handle another thread (or a signal handler's thread) may use to cancel the
    /// statement running on this connection.
    func makeCanceller() -> QueryCanceller

    func close()
}

public extension DatabaseConnection {
    var dialect: Dialect { Dialect(engine: config.engine) }
    var engine: Engine { config.engine }

    func query(_ sql: String) throws -> ResultSet { try query(sql, []) }

    @discardableResult
    func execute(_ sql: String, _ parameters: [SQLValue] = []) throws -> Int64 {
        try query(sql, parameters).affectedRows
    }

    /// First column of the first row.
    func scalar(_ sql: String, _ parameters: [SQLValue] = []) throws -> String? {
        try query(sql, parameters).rows.first?.values.first ?? nil
    }

    func begin(readOnly: Bool = false) throws {
        switch engine {
        case .postgres: try executeScript(readOnly ? "BEGIN READ ONLY" : "BEGIN")
        case .mysql: try executeScript(readOnly ? "START TRANSACTION READ ONLY" : "START TRANSACTION")
        }
    }

    func commit() throws { try executeScript("COMMIT") }

    func rollback() throws { try executeScript("ROLLBACK") }

    /// Runs `body` in a transaction: commits if it returns, rolls back if it throws.
    func transaction<T>(readOnly: Bool = false, _ body: () throws -> T) throws -> T {
        try begin(readOnly: readOnly)
        do {
            let result = try body()
            try commit()
            return result
        } catch {
            if !isBroken { try? rollback() }
            throw error
        }
    }
}

/// Cancels the statement currently running on one connection. Safe to call from any thread.
public protocol QueryCanceller: AnyObject, Sendable {
    func cancel()
}

public extension DatabaseConnection {
    /// Runs a query from `queries/` (flavour-specific file first).
    func named(_ name: QueryName, _ parameters: [SQLValue] = []) throws -> ResultSet {
        try query(QueryCatalog.shared.sql(name, server: server), parameters)
    }

    /// The first column of the first row of a query from `queries/`.
    func scalar(_ name: QueryName, _ parameters: [SQLValue] = []) throws -> String? {
        try scalar(QueryCatalog.shared.sql(name, server: server), parameters)
    }

    /// Runs a statement from `queries/`; returns the rows it changed.
    @discardableResult
    func execute(_ name: QueryName, _ parameters: [SQLValue] = []) throws -> Int64 {
        try execute(QueryCatalog.shared.sql(name, server: server), parameters)
    }

    /// Runs a script (statements separated by semicolons, no parameters) from `queries/`.
    func executeScript(_ name: QueryName) throws {
        try executeScript(QueryCatalog.shared.sql(name, server: server))
    }
}
