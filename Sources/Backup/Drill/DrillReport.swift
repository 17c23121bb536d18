import DBCore
import Foundation

/// What `dbops backup drill` found: the backup restored into a scratch database and every
/// table's rows and content checksum read back and compared with the manifest.
public struct DrillReport: Codable, Sendable {
    public static let schemaVersion = "dbops.drill/v1"
    public var schema = DrillReport.schemaVersion
    public var backup: String
    public var engine: Engine?
    public var database: String?
    /// host:port of the server the backup was taken from (no user, no password).
    public var server: String?
    /// The temporary database it was restored into (dropped afterwards).
    public var scratchDatabase: String?
    public var ok: Bool
    /// Why the drill could not run to its comparison (restore refused or failed, ...).
    public var error: String?
    public var tables: [DrillTable]
    public var failedTables: [String]
    /// PostgreSQL backups carrying large objects: the manifest's count and the restore's.
    public var largeObjectsExpected: Int64?
    public var largeObjectsFound: Int64?
    public var restoreSeconds: Double
    public var checkSeconds: Double
    public var seconds: Double
    public var finishedAt: Date
    public var warnings: [String]

    enum CodingKeys: String, CodingKey {
        case schema, backup, engine, database, server, ok, error, tables, seconds, warnings
        case scratchDatabase = "scratch_database"
        case restoreSeconds = "restore_seconds"
        case checkSeconds = "check_seconds"
        case finishedAt = "finished_at"
        case failedTables = "failed_tables"
        case largeObjectsExpected = "large_objects_expected"
        case largeObjectsFound = "large_objects_found"
    }

}

extension DrillReport {
    /// A drill that ended in an error before its comparison; named after the backup's
    /// database when its manifest can be read at all, so monitoring sees the failure on
    /// the same series as the successes.
    public static func failed(_ backup: String, error: Error, seconds: Double) -> DrillReport {
        var report = DrillReport(
            backup: backup, ok: false, error: DBError.oneLineDescription(of: error), tables: [], failedTables: [],
            restoreSeconds: 0, checkSeconds: 0, seconds: seconds, finishedAt: Date(), warnings: [])
        let path = (backup as NSString).appendingPathComponent(BackupManifest.fileName)
        if backup != "-", let data = FileManager.default.contents(atPath: path),
            let manifest = try? BackupManifest.decoder().decode(BackupManifest.self, from: data)
        {
            report.engine = manifest.engine
            report.database = manifest.database
            report.server = manifest.source.map(BackupOrigin.server)
        }
        return report
    }
}
