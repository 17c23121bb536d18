/// The facts that differ between the engines and that features ask about instead of
/// branching on the engine: one value per engine (PostgresCapabilities.swift,
/// MySQLCapabilities.swift). A difference that is a whole algorithm (how a backup is
/// taken, how expired rows are locked) is a feature's own protocol instead; this type holds
/// the small ones several features share.
public struct EngineCapabilities: Sendable {
    /// The schema a backup's table list names a table in: PostgreSQL backs up schemas
    /// ("public" when none is given), MySQL one database (its tables named alone: "").
    public let dumpSchema: @Sendable (_ schema: String?) -> String
    /// The schema a session's temporary table is found in (PostgreSQL: pg_temp; MySQL: the
    /// temporary table shadows the name in the table's own database).
    public let temporarySchema: @Sendable (_ tableSchema: String?) -> String?
    /// Drops a session's temporary table, if it exists, by its quoted name.
    public let dropTemporaryTableSQL: @Sendable (_ quotedName: String) -> String
    /// The server's clock now, as UTC text with microseconds ("2026-11-21 22:05:01.123456").
    public let utcNowSQL: String
    /// `(a, b) > (x, y)` is answered with an index range scan. MySQL evaluates it row by row,
    /// so keyset walks there spell it out as `a > x OR (a = x AND b > y)`.
    public let rowComparisonUsesIndex: Bool
    /// The name a range partition of `table` for the period `suffix` ("2026", "2026_03") gets.
    public let partitionName: @Sendable (_ table: String, _ suffix: String) -> String
    /// A parameter used where an integer is expected (PostgreSQL infers text for an untyped one).
    public let integerParameter: @Sendable (_ marker: String) -> String
    /// The primary reports its replicas' replay lag itself (pg_stat_replication); MySQL
    /// primaries do not, so their replicas must be asked one by one.
    public let primaryReportsReplicaLag: Bool
    /// Turns the session's foreign-key checks on or off, where the engine lets a session do
    /// so and the checks cost locks (InnoDB takes gap locks for them); nil elsewhere.
    public let foreignKeyChecksSQL: (@Sendable (_ enabled: Bool) -> String)?
    /// The port a URL without one means.
    public let defaultPort: Int
    /// The database to connect to for server-wide questions (which databases exist) when a
    /// URL names none: PostgreSQL always connects to one; MySQL needs none.
    public let serverDatabase: String?
    /// Why the server's list of databases may leave some out for the session's account
    /// ("sees only ...; GRANT ..."), naming the grant that fixes it; nil when it lists them
    /// all. PostgreSQL's pg_database shows every database to every role; MySQL shows an
    /// account only those it holds a privilege on, unless it holds SHOW DATABASES.
    public let databaseListGap: @Sendable (_ connection: DatabaseConnection) -> String?
    /// A float or numeric column's value with NaN and ±Infinity read as NULL: PostgreSQL
    /// stores them (one poisoned every sum and percentile), MySQL refuses them; nil there.
    public let finiteOrNull: (@Sendable (_ quotedColumn: String) -> String)?
    /// Column types whose text form would not name the same value again when a job reads
    /// a key and binds it back (rows are decoded as UTF-8 text), each with the form that
    /// does: MySQL's binary strings (a BINARY(16) UUID key) as hex, BIT as its number,
    /// FLOAT as the DOUBLE it exactly is (its text has six digits). PostgreSQL's bytea reads
    /// as '\\x...' text and its floats print exactly: none there.
    public let carriedTypes: [String: KeyCarrier]
}

extension EngineCapabilities {
    /// A column as a statement reads it when its values come back to dbops: a type whose
    /// text does not carry its value (`carriedTypes`) in the form that does, any other as it is.
    public func readExpression(_ quotedColumn: String, type: String) -> String {
        carriedTypes[type.lowercased()]?.read(quotedColumn) ?? quotedColumn
    }

    /// How a statement compares a column of `type` with a value dbops read through
    /// `readExpression`.
    public func boundExpression(_ placeholder: String, type: String) -> String {
        carriedTypes[type.lowercased()]?.bind(placeholder) ?? placeholder
    }
}

extension Engine {
    public var capabilities: EngineCapabilities {
        switch self {
        case .postgres: return .postgres
        case .mysql: return .mysql
        }
    }
}

extension DatabaseConnection {
    public var capabilities: EngineCapabilities { engine.capabilities }
}
