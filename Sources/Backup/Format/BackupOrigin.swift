import DBCore

/// The engine, server and database a backup was taken of: what prune keeps backups per,
/// and what tells one database's files from those of a database of the same name on
/// another server (a shard, a staging copy) in a folder a fleet shares.
public struct BackupOrigin: Equatable, Sendable {
    public var engine: String
    /// host:port (or the socket) of the source URL; empty for backups that recorded none.
    public var server: String
    public var database: String

    public init(_ manifest: BackupManifest) {
        engine = manifest.engine.rawValue
        server = manifest.source.map(Self.server) ?? ""
        database = manifest.database
    }

    /// What a backup of `config`'s database records.
    public init(_ config: ConnectionConfig) {
        engine = config.engine.rawValue
        server = Self.server(config.redacted)
        database = config.database ?? ""
    }

    public var key: String { "\(engine)|\(server)|\(database)" }

    /// host:port (or socket) of a recorded source URL: the user it connected as does not
    /// make it another database.
    public static func server(_ source: String) -> String {
        guard let scheme = source.range(of: "://") else { return source }
        var rest = source[scheme.upperBound...]
        if let at = rest.firstIndex(of: "@") { rest = rest[rest.index(after: at)...] }
        return String(rest.prefix { $0 != "/" })
    }
}
