/// Whether a check reads the server or the database its session is in.
public enum CheckScope: String, Sendable, CaseIterable {
    case server, database
}
