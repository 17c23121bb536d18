import Backup
import DBCore
import Foundation

/// Rows about to leave the database are first written to a file in the backup format,
/// and only once that file is verified byte for byte and holds exactly the rows counted
/// beforehand may the caller delete them. Archive files and retired partitions both go
/// through here.
enum VerifiedDump {
    struct Table {
        let schema: String?
        let name: String
        /// Rows counted before the dump; the file must hold exactly these.
        let rows: Int64
    }

    /// Writes `tables` to a backup at `path`, verifies it and compares the counts. A file
    /// that falls short is removed, and the error says what stays where (`keeping`).
    static func write(_ tables: [Table], of config: ConnectionConfig, to path: String, zstdLevel: Int, keeping: String)
        throws
    {
        var options = BackupOptions(output: path, jobs: 1, zstdLevel: zstdLevel)
        // Named exactly: a table whose name holds * or ? must not take in others' rows.
        let named = tables.map {
            RelationName(schema: config.engine.capabilities.dumpSchema($0.schema), name: $0.name)
        }
        options.exactTables = named
        options.include = named.map { $0.schema.isEmpty ? $0.name : $0.qualifiedName }
        _ = try BackupRunner.run(config, options: options)
        _ = try BackupVerifier.verify(path)
        let manifest = try BackupRows.open(path)
        for table in tables {
            let held = manifest.tables.first { $0.name == table.name }?.rows ?? 0
            guard held == table.rows else {
                try? FileManager.default.removeItem(atPath: path)
                throw DBError(
                    .clientError,
                    "the file was to hold \(table.rows) rows of \(table.name) but holds \(held): removed it; \(keeping)"
                )
            }
        }
    }
}
