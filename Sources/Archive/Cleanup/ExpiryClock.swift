import DBCore

/// The clock an expiry without a time zone is read against.
public enum ExpiryClock: String, Sendable, Codable, CaseIterable {
    /// The server's own wall clock, as the application's `NOW()` writes it (default).
    case server
    /// UTC wall time, for applications that write UTC (`UTC_TIMESTAMP()`, `now() AT TIME ZONE 'UTC'`).
    case utc
}
