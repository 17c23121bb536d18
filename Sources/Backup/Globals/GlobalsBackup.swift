import DBCore
import Foundation

/// The globals part of a whole-server backup: a backup folder like any other (marker
/// first, the file checksummed, manifest last, so verify and prune treat it the same)
/// whose manifest says `kind: globals` and whose one file holds ServerGlobals.
public enum GlobalsBackup {
    public static func run(
        _ config: ConnectionConfig, output: String, passwords: Bool,
        zstdLevel: Int = BackupOptions(output: "").zstdLevel, signWith: SigningKey? = nil,
        encryptTo: [RecipientKey] = []
    ) throws -> BackupSummary {
        let clock = Stopwatch()
        let startedAt = Date()
        let (globals, server) = try GlobalsRestore.withServer(config) { connection in
            try connection.apply(SessionSettings(statementTimeout: 60, readOnly: true, catalogOnly: true))
            return (try config.engine.globals.capture(connection, passwords: passwords), connection.server)
        }
        let sink = try DirectorySink(root: output)
        do {
            // Encrypted like the databases' backups: the globals hold roles and, with
            // --role-passwords, their password hashes.
            let encryption = try BackupEncryption.start(sink, to: encryptTo)
            let writer = try CompressedFileWriter(
                sink: sink, path: ServerGlobals.fileName, level: zstdLevel, threads: 0)
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            try writer.write(try encoder.encode(globals))
            let entry = try writer.close(rows: nil)
            var source = config
            source.database = nil
            var manifest = BackupManifest(
                toolVersion: BackupRunner.toolVersion, createdAt: startedAt, completedAt: Date(),
                engine: config.engine, server: server, database: "", source: source.redacted,
                snapshot: SnapshotPoint(method: "catalog read"),
                options: RecordedOptions(
                    schemaOnly: true, dataOnly: false, include: [], exclude: [], zstdLevel: zstdLevel),
                schemaFiles: [entry], tables: [], sequences: [], warnings: globals.warnings)
            manifest.kind = BackupManifest.globalsKind
            manifest.encryption = encryption
            try Interruption.shared.check()
            let encoded = try BackupManifest.encoder().encode(manifest)
            try sink.finish(
                manifest: encoded, signature: try signWith.map { try ManifestSignature.sign(encoded, with: $0) })
            var summary = BackupSummary(
                output: output, database: "", engine: config.engine, tables: 0, files: 1, rows: 0,
                uncompressedBytes: entry.uncompressedBytes, compressedBytes: entry.bytes, seconds: clock.seconds,
                snapshot: manifest.snapshot, warnings: globals.warnings)
            summary.encryptedTo = encryption?.keyIDs
            return summary
        } catch {
            sink.abort()
            throw error
        }
    }

    /// The globals a checked globals backup holds.
    public static func read(_ directory: String) throws -> (ServerGlobals, BackupManifest) {
        let manifest = try BackupVerifier.loadManifest(directory)
        try BackupVerifier.requireContents(manifest, directory)
        guard manifest.kind == BackupManifest.globalsKind,
            let entry = manifest.schemaFiles.first(where: { $0.path == ServerGlobals.fileName })
        else {
            throw DBError(.invalidTarget, "\(directory) is not a backup of a server's globals")
        }
        let reader = try VerifyingReader(directory: directory, entry: entry, key: manifest.contentKey)
        var data = Data()
        try reader.forEach { data.append(contentsOf: $0) }
        try reader.finish()
        do { return (try JSONDecoder().decode(ServerGlobals.self, from: data), manifest) } catch {
            throw DBError(.corrupt, "\(entry.path): \(DBError.oneLineDescription(of: error))")
        }
    }
}
