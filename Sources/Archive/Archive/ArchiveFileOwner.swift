import Backup
import DBCore
import Foundation

/// Whose rows an archive file holds: the engine, database and server of the run that wrote
/// it. One `to_file` directory may serve several databases (a fleet's targets, two cron
/// jobs): a run finishes or removes only what its own database left, and brings rows back
/// only from its own database's files. Rows of another database with the same rule and
/// keys must never be purged from, or restored into, this one.
struct ArchiveFileOwner: Codable, Equatable {
    var engine: String
    var database: String
    /// host:port or the socket, as the run reached the server: a database of the same
    /// name on another server (a shard) is not this one.
    var server: String

    init(engine: String, database: String, server: String) {
        self.engine = engine
        self.database = database
        self.server = server
    }

    init(_ config: ConnectionConfig) {
        engine = config.engine.rawValue
        database = config.database ?? ""
        server = config.socket ?? "\(config.host ?? "localhost"):\(config.port.map(String.init) ?? "")"
    }

    /// Same engine and database: the files a restore reads (the server may have changed
    /// since they were written: a failover, a move).
    func sameDatabase(engine: String, database: String) -> Bool {
        self.engine == engine && self.database == database
    }

    /// The owner recorded in a file's manifest (files written before owners were recorded
    /// in the sidecar): engine and database, with no server. Nil when the manifest is
    /// missing (a write that never finished) or fails its checksum.
    static func ofManifest(_ directory: String) -> (engine: String, database: String)? {
        guard let manifest = try? BackupRows.manifest(directory) else { return nil }
        return (manifest.engine.rawValue, manifest.database)
    }
}
