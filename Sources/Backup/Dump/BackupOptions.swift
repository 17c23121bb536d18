import DBCore
import Foundation

public struct BackupOptions: Sendable {
    /// The history store's name for this backup's job: "backup", or for a backup of part
    /// of the database "backup --table ..." (its selection), so that the report's last
    /// complete backup is a whole one, never an hourly backup of one table.
    public var job: String {
        let selection = BackupRunner.recorded(self).selection
        return selection.isEmpty ? "backup" : "backup " + selection
    }

    /// A directory to create, or "-" for the single-stream form on standard output.
    public var output: String
    public var jobs: Int
    public var zstdLevel: Int
    /// zstd worker threads per file (0: compress on the table's own thread).
    public var zstdThreads: Int
    /// Tables bigger than this (uncompressed estimate) are split into chunks.
    public var chunkBytes: Int64
    /// Tables up to this size on the server, copied whole, are written into a worker's
    /// bundle file (BundleWriter); 0 gives every table a file of its own.
    public var bundleBytes: Int64 = 1 << 20
    /// Glob patterns on "schema.table" or "table".
    public var include: [String]
    public var exclude: [String]
    /// Tables named exactly (schema "" on MySQL), in place of `include`'s patterns: dbops'
    /// own dumps of the tables it names (archive files, retired partitions), whose names
    /// may hold `*` and `?` and must not take in other tables' rows. `include` then holds
    /// their names for the manifest.
    public var exactTables: [RelationName]?
    public var schemaOnly: Bool
    public var dataOnly: Bool
    /// Longest a lock may be waited for when the snapshot is set up, in seconds.
    public var lockTimeout: Double
    /// PostgreSQL rows: binary COPY (less CPU on both sides, smaller) or text COPY (the
    /// most portable across major versions). MySQL data is always text.
    public var copyFormat: DataFormat = .binary
    /// Signs the manifest (manifest.sig), so verify and restore with --trusted-key can
    /// tell it from a forged one.
    public var signWith: SigningKey?
    /// Encrypts every file to these public keys (BackupEncryption); empty: not encrypted.
    public var encryptTo: [RecipientKey] = []
    /// Galera: hold commits for a moment (BACKUP STAGE desyncs and pauses the node while
    /// it lasts) for several workers and an exact cluster position. Without it a Galera
    /// node is backed up by one transaction and never desynced.
    public var galeraDesync = false
    /// MySQL/MariaDB: keep every table's metadata lock from the snapshot to the end, so a
    /// schema change waits for the backup (as PostgreSQL's ACCESS SHARE locks make it)
    /// instead of failing it; the application's DDL, and what queues behind it, waits.
    public var blockDDL = false
    /// PostgreSQL: back up a database that holds large objects without them (otherwise the
    /// schema archive carries them).
    public var noLargeObjects = false

    public init(
        output: String, jobs: Int = 2, zstdLevel: Int = 2, zstdThreads: Int = 0,
        chunkBytes: Int64 = 256 << 20, include: [String] = [], exclude: [String] = [],
        schemaOnly: Bool = false, dataOnly: Bool = false, lockTimeout: Double = 10
    ) {
        self.output = output
        self.jobs = jobs
        self.zstdLevel = zstdLevel
        self.zstdThreads = zstdThreads
        self.chunkBytes = chunkBytes
        self.include = include
        self.exclude = exclude
        self.schemaOnly = schemaOnly
        self.dataOnly = dataOnly
        self.lockTimeout = lockTimeout
    }
}
