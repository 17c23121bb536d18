/// What a time column holds — the one engine difference in how time columns are read
/// (analytics turns them into local days; cleanup compares expiries with the right clock).
public enum TimeColumnKind: String, Sendable, Codable {
    /// An instant: PostgreSQL timestamptz, MySQL TIMESTAMP (read in a UTC session).
    case instant
    /// A wall-clock time without a zone (timestamp, DATETIME).
    case naive
    /// A calendar date: already a day, no zone applies.
    case date

    /// The kind of a column of catalog type `type` (catalog/columns type_name), or nil
    /// when it holds no time.
    public static func of(_ type: String, engine: Engine) -> TimeColumnKind? {
        switch (engine, type.lowercased()) {
        case (.postgres, "timestamptz"), (.mysql, "timestamp"): return .instant
        case (.postgres, "timestamp"), (.mysql, "datetime"): return .naive
        case (_, "date"): return .date
        default: return nil
        }
    }
}
