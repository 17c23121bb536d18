/// Opens connections for either engine.
public enum Database {
    /// Prepares the C libraries; call once at program start, before any thread starts.
    public static func initializeLibraries() {
        MySQLConnection.initializeLibrary()
    }

    public static func connect(_ config: ConnectionConfig) throws -> DatabaseConnection {
        switch config.engine {
        case .postgres: return try PostgresConnection(config: config)
        case .mysql: return try MySQLConnection(config: config)
        }
    }
}
