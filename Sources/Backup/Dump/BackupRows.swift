import DBCore
import Foundation

/// Reading the rows of a finished backup back into tables chosen by the caller — used by
/// `dbops archive restore --from-file`, which loads an archive file into temporary tables
/// and moves chosen rows on from there.
public enum BackupRows {
    /// The manifest alone, checked against manifest.sha256 (and the trusted keys), without
    /// reading the files: what a backup is of.
    public static func manifest(_ directory: String) throws -> BackupManifest {
        try BackupVerifier.loadManifest(directory)
    }

    /// The manifest of a complete backup, with every file's size and SHA-256 checked.
    public static func open(_ directory: String) throws -> BackupManifest {
        let manifest = try manifest(directory)
        try BackupVerifier.requireContents(manifest, directory)
        try BackupVerifier.checkFiles(manifest, directory: directory, decompress: false, jobs: 1)
        return manifest
    }

    /// Appends one table's rows from the backup into `tableName` (unqualified: a
    /// temporary table with the table's columns, say), in the caller's transaction; each
    /// file's checksum and row count are checked as it loads. Returns the rows loaded.
    @discardableResult
    public static func append(
        _ entry: TableEntry, from directory: String, key: ContentKey?, into tableName: String,
        connection: DatabaseConnection
    ) throws -> Int64 {
        var target = entry
        target.schema = ""
        target.name = tableName
        for file in entry.chunks {
            let task = LoadTask(table: target, file: file, key: key)
            switch connection {
            case let pg as PostgresConnection:
                try PostgresRestore.load(task, pg, directory: directory, progress: nil)
            case let my as MySQLConnection:
                // The caller's connection does not offer LOAD DATA LOCAL (its config decides),
                // and a refusal mid-transaction would force the caller's transaction to
                // start over: rows go in as INSERTs from the start.
                let mode = MySQLRestore.LoadMode()
                if !my.config.allowLocalInfile { mode.switchToInsert() }
                try MySQLRestore.load(task, my, directory: directory, mode: mode, progress: nil)
            default:
                throw DBError(.unsupported, "unknown connection type")
            }
        }
        return entry.chunks.reduce(0) { $0 + ($1.rows ?? 0) }
    }
}
