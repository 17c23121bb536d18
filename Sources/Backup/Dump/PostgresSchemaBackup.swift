import DBCore
import Foundation

/// PostgreSQL schema: `pg_dump --schema-only` in custom format on the backup's snapshot,
/// so pre-data (before the rows) and post-data (indexes, constraints, triggers, after
/// them) can be restored separately, post-data with parallel index builds. With
/// `largeObjects`, the archive also carries the database's large objects: -s never
/// dumps them, so every table's (and sequence's and materialized view's) data is
/// excluded instead, which leaves the schema and the BLOB entries (metadata in pre-data,
/// contents in one BLOBS data entry).
enum PostgresSchemaBackup {
    static let file = "schema/schema.pgdump.zst"

    static func dump(
        config: ConnectionConfig, snapshot: String, serverMajor: Int, tableArguments: [String],
        largeObjects: Bool = false, lockTimeout: Double, sink: BackupSink, level: Int
    ) throws -> FileEntry {
        let directory = try PostgresTools.makePrivateDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let output = (directory as NSString).appendingPathComponent("schema.dump")
        do {
            try PostgresTools.run(
                "pg_dump",
                [
                    // --no-sync: the file is a scratch copy, read once into the backup's own
                    // (synced) file and removed.
                    largeObjects ? "--exclude-table-data=*.*" : "--schema-only", "--format=custom", "--compress=0",
                    "--no-sync", "--snapshot=\(snapshot)",
                    "--file=\(output)",
                    // Its own table locks queue behind a schema change waiting on the backup's
                    // (see the workers' lock_timeout): bounded, it fails rather than hangs.
                    "--lock-wait-timeout=\(max(1, Int(lockTimeout * 1000)))",
                ] + tableArguments,
                config: config, serverMajor: serverMajor)
        } catch let error as DBError where error.message.contains("permission denied for large object") {
            throw DBError(
                error.code,
                error.message
                    + "; the backup role needs SELECT on every large object (GRANT SELECT ON LARGE OBJECT, or a superuser), or add --no-large-objects"
            )
        }
        let writer = try CompressedFileWriter(sink: sink, path: file, level: level, threads: 0)
        try ChunkedFileReader(path: output).forEachChunk { try writer.write($0) }
        return try writer.close(rows: nil)
    }
}
