import Crypto
import DBCore
import Zstd
import Foundation

/// Checks a backup without any server: the manifest against its checksum, every file's
/// size and SHA-256, and (fully) every file's decompressed size and row count. An
/// encrypted backup without its key gets the outer checks only (sizes and hashes of the
/// ciphertext); with the key, everything. The first problem is thrown as one error naming
/// the file.
public enum BackupVerifier {
    public static let defaultJobs = 2

    public static func verify(_ path: String, jobs: Int = BackupVerifier.defaultJobs) throws -> VerifyReport {
        let clock = Stopwatch()
        return try BackupInput.open(path) { directory in
            let manifest = try loadManifest(directory)
            let readable = manifest.encryption == nil || manifest.contentKey != nil
            try checkFiles(manifest, directory: directory, decompress: readable, jobs: jobs)
            var report = VerifyReport(
                backup: path, engine: manifest.engine, database: manifest.database, createdAt: manifest.createdAt,
                files: manifest.allFiles.count, tables: manifest.tables.count, rows: manifest.totalRows,
                compressedBytes: manifest.totalCompressedBytes, uncompressedBytes: manifest.totalUncompressedBytes,
                seconds: clock.seconds)
            report.encryptedTo = manifest.encryption?.keyIDs
            report.contentsChecked = readable
            return report
        }
    }

    /// The largest manifest.json read (decoding takes a few times its size in memory): a
    /// backup of a hundred thousand tables with their columns and indexes stays well below.
    static let manifestLimit: Int64 = 1 << 30

    /// A damaged or forged folder may hold a manifest of any size: one beyond what any
    /// backup writes is refused before it is read into memory.
    private static func readManifest(_ path: String) throws -> Data {
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.int64Value ?? 0
        guard size <= manifestLimit else {
            throw DBError(
                .corrupt,
                "manifest.json is \(Format.bytes(Double(size))), more than any backup's manifest (\(Format.bytes(Double(manifestLimit)))): damaged or not a dbops backup"
            )
        }
        guard let data = FileManager.default.contents(atPath: path) else { throw DBError(.io, "cannot read \(path)") }
        return data
    }

    /// manifest.json's bytes, once they match manifest.sha256 (no signature asked for).
    static func checkedManifestData(_ directory: String) throws -> Data {
        let data = try readManifest((directory as NSString).appendingPathComponent(BackupManifest.fileName))
        let checksumPath = (directory as NSString).appendingPathComponent(BackupManifest.checksumFileName)
        let checksumText: String
        do {
            checksumText = String(decoding: try ChunkedFileReader.prefix(checksumPath, bytes: 4096), as: UTF8.self)
        } catch {
            guard FileManager.default.fileExists(atPath: checksumPath) else {
                throw DBError(.corrupt, "manifest.sha256 is missing: the manifest cannot be trusted")
            }
            throw DBError(
                .corrupt, "manifest.sha256: \(DBError.oneLineDescription(of: error)): the manifest cannot be trusted")
        }
        let expected = checksumText.split(separator: " ").first.map(String.init) ?? ""
        guard SHA256.hash(data: data).hexString == expected else {
            throw DBError(.corrupt, "manifest.json does not match manifest.sha256: the manifest was changed or damaged")
        }
        return data
    }

    static func decodeManifest(_ data: Data) throws -> BackupManifest {
        do { return try BackupManifest.decoder().decode(BackupManifest.self, from: data) } catch {
            throw DBError(.corrupt, "manifest.json cannot be read: \(DBError.oneLineDescription(of: error))")
        }
    }

    /// Reads manifest.json after checking it against manifest.sha256.
    static func loadManifest(_ directory: String) throws -> BackupManifest {
        let manifestPath = (directory as NSString).appendingPathComponent(BackupManifest.fileName)
        guard FileManager.default.fileExists(atPath: manifestPath) else {
            let marker = (directory as NSString).appendingPathComponent(BackupManifest.markerFileName)
            if FileManager.default.fileExists(atPath: marker) {
                if FolderClaim.isHeldExclusively(directory) {
                    throw DBError(
                        .corrupt, "\(directory) is a backup still being written: it has no manifest.json yet")
                }
                throw DBError(
                    .corrupt,
                    "\(directory) is an incomplete backup: it has no manifest.json (the backup was interrupted, or runs on another machine)"
                )
            }
            throw DBError(.corrupt, "\(directory) is not a dbops backup (no manifest.json)")
        }
        let data = try checkedManifestData(directory)
        // With trusted keys, a checksum anyone can recompute is not enough: the manifest
        // must be signed by one of them.
        let trusted = ManifestTrust.shared.trusted
        if !trusted.isEmpty {
            let signature = FileManager.default.contents(
                atPath: (directory as NSString).appendingPathComponent(ManifestSignature.fileName))
            try ManifestSignature.check(signature, manifest: data, trusted: trusted, where: directory)
        }
        var manifest = try decodeManifest(data)
        guard BackupManifest.readableFormats.contains(manifest.format) else {
            throw DBError(
                .unsupported,
                "manifest.json has format \(manifest.format); this dbops reads \(BackupManifest.readableFormats.joined(separator: " and "))"
            )
        }
        try checkNames(manifest)
        // With decryption keys given, the content key is opened now: a wrong key is
        // refused before any file is read or anything restored.
        manifest.contentKey = try manifest.encryption?.unlock(with: DecryptionKeyring.shared.keys, where: directory)
        return manifest
    }

    /// Every path the manifest names stays inside the backup, and its format says what it
    /// holds: v4 (bundles) and v5 (features) encrypted or not; before them, v3 meant
    /// encrypted.
    static func checkNames(_ manifest: BackupManifest) throws {
        for file in manifest.allFiles {
            let unsafePath =
                !StreamFormat.isSafe(file.path) || file.path.hasPrefix("manifest")
                ? file.path
                : file.bundle.flatMap { StreamFormat.isSafe($0) && BundleWriter.isBundle($0) ? nil : $0 }
            if let unsafePath {
                throw DBError(.corrupt, "manifest.json names an unsafe file path: \(unsafePath)")
            }
        }
        try checkConsistency(manifest)
        guard
            [BackupManifest.bundledFormatName, BackupManifest.featuredFormatName].contains(manifest.format)
                || (manifest.format == BackupManifest.encryptedFormatName) == (manifest.encryption != nil)
        else {
            throw DBError(.corrupt, "manifest.json: its format and its encryption block disagree")
        }
        let features = manifest.features ?? []
        guard features.isEmpty || manifest.format == BackupManifest.featuredFormatName else {
            throw DBError(.corrupt, "manifest.json: features in a \(manifest.format) manifest (they came with v5)")
        }
        if let unknown = features.first(where: { !BackupManifest.knownFeatures.contains($0) }) {
            throw DBError(.unsupported, "the backup holds \(unknown), which this dbops cannot restore")
        }
    }

    /// Refuses an encrypted backup whose content key was not unlocked (no --decrypt-with):
    /// what reads the contents calls it before it starts.
    static func requireContents(_ manifest: BackupManifest, _ place: String) throws {
        guard let encryption = manifest.encryption, manifest.contentKey == nil else { return }
        throw DBError(
            .invalidTarget,
            "\(place) is encrypted (to key \(encryption.keyIDs.joined(separator: ", "))): give the private key with --decrypt-with"
        )
    }

    /// The manifest's own sums agree: a table's rows and bytes are its chunks', no file is
    /// listed twice, no count is negative. A manifest edited by hand and re-hashed is
    /// caught here when its numbers do not add up.
    static func checkConsistency(_ manifest: BackupManifest) throws {
        var seen = Set<String>()
        for file in manifest.allFiles {
            guard seen.insert(file.path).inserted else {
                throw DBError(.corrupt, "manifest.json lists \(file.path) twice")
            }
            guard file.bytes >= 0, file.uncompressedBytes >= 0, (file.rows ?? 0) >= 0, (file.offset ?? 0) >= 0 else {
                throw DBError(.corrupt, "manifest.json gives \(file.path) a negative size, offset or row count")
            }
            guard (file.bundle == nil) == (file.offset == nil), !BundleWriter.isBundle(file.path) else {
                throw DBError(
                    .corrupt,
                    "manifest.json: \(file.path) is half a bundle member (a bundle without an offset, or the reverse)")
            }
        }
        let bundled = manifest.allFiles.contains { $0.bundle != nil }
        guard
            !bundled || [BackupManifest.bundledFormatName, BackupManifest.featuredFormatName].contains(manifest.format)
        else {
            throw DBError(
                .corrupt, "manifest.json: bundled files in a \(manifest.format) manifest (bundles came with v4)")
        }
        // A relation named twice (a table twice, or a partitioned table also as a table)
        // would be loaded twice or created as what it is not.
        var relations = Set<RelationName>()
        for relation in manifest.tables.map({ RelationName(schema: $0.schema, name: $0.name) })
            + (manifest.partitionedTables ?? []).map(\.relation)
        {
            guard relations.insert(relation).inserted else {
                throw DBError(.corrupt, "manifest.json lists table \(relation.qualifiedName) twice")
            }
        }
        guard manifest.schemaFiles.allSatisfy({ $0.bundle == nil }) else {
            throw DBError(.corrupt, "manifest.json: a schema file is listed in a bundle (only table data is bundled)")
        }
        for table in manifest.tables {
            let chunkRows = table.chunks.reduce(Int64(0)) { $0 &+ ($1.rows ?? 0) }
            guard table.rows == chunkRows else {
                throw DBError(
                    .corrupt,
                    "manifest.json: table \(table.qualifiedName) has \(table.rows) rows but its files hold \(chunkRows)"
                )
            }
            let chunkBytes = table.chunks.reduce(Int64(0)) { $0 &+ $1.uncompressedBytes }
            guard table.uncompressedBytes == chunkBytes else {
                throw DBError(
                    .corrupt,
                    "manifest.json: table \(table.qualifiedName) has \(table.uncompressedBytes) bytes but its files hold \(chunkBytes)"
                )
            }
            guard table.chunks.allSatisfy({ $0.rows != nil && $0.path.hasPrefix("data/") }) else {
                throw DBError(
                    .corrupt,
                    "manifest.json: a data file of table \(table.qualifiedName) lacks its row count or is outside data/"
                )
            }
        }
    }

    /// What may stand at the top of a backup folder besides the manifest's files.
    static let topLevel: Set<String> = [
        "data", "schema", BackupManifest.fileName, BackupManifest.checksumFileName, BackupManifest.markerFileName,
        ManifestSignature.fileName,
    ]

    /// Checks every file of the manifest; with `decompress`, also sizes and row counts
    /// inside. Files the manifest does not list are an error too.
    static func checkFiles(_ manifest: BackupManifest, directory: String, decompress: Bool, jobs: Int) throws {
        let listed = Set(manifest.allFiles.map(\.storedPath))
        for name in (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        where !topLevel.contains(name) {
            throw DBError(.corrupt, "\(name) is in the backup folder but is not part of a backup")
        }
        for sub in ["data", "schema"] {
            let folder = (directory as NSString).appendingPathComponent(sub)
            for name in (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
            where !listed.contains("\(sub)/\(name)") {
                throw DBError(.corrupt, "\(sub)/\(name) is in the backup but not in its manifest")
            }
        }
        try checkBundles(manifest, directory: directory)
        var formats: [String: DataFormat] = [:]
        for table in manifest.tables { for chunk in table.chunks { formats[chunk.path] = table.dataFormat } }
        let files = manifest.allFiles.sorted { $0.bytes > $1.bytes }
        let key = manifest.contentKey
        try ParallelWork.run(tasks: files, workers: jobs, makeContext: { _ in () }) { _, file in
            try Interruption.shared.check()
            try check(file, directory: directory, decompress: decompress, format: formats[file.path] ?? .text, key: key)
        }
    }

    /// Each bundle's members tile it: one after another from its first byte to its last,
    /// none overlapping, no byte left over (a forged or damaged bundle is refused whole).
    static func checkBundles(_ manifest: BackupManifest, directory: String) throws {
        let members = Dictionary(grouping: manifest.allFiles.filter { $0.bundle != nil }) { $0.bundle! }
        for (bundle, files) in members {
            var end: Int64 = 0
            for file in files.sorted(by: { ($0.offset ?? 0) < ($1.offset ?? 0) }) {
                guard file.offset == end else {
                    throw DBError(
                        .corrupt,
                        "manifest.json: \(file.path) starts at byte \(file.offset ?? 0) of \(bundle), not where the member before it ends (\(end))"
                    )
                }
                // A forged size cannot overflow the sum: the bundle would be that long.
                guard file.bytes <= Int64.max - end else {
                    throw DBError(.corrupt, "manifest.json: \(file.path) is larger than any file can be")
                }
                end += file.bytes
            }
            let size = fileSize((directory as NSString).appendingPathComponent(bundle))
            guard let size else { throw DBError(.corrupt, "\(bundle) is missing from the backup") }
            guard size == end else {
                throw DBError(
                    .corrupt, "\(bundle) has \(size) bytes, its members in the manifest \(end) (truncated or changed)")
            }
        }
    }

    private static func fileSize(_ path: String) -> Int64? {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path) else { return nil }
        return (attributes[.size] as? NSNumber)?.int64Value ?? -1
    }

    static func check(_ file: FileEntry, directory: String, decompress: Bool, format: DataFormat, key: ContentKey?)
        throws
    {
        let path = (directory as NSString).appendingPathComponent(file.storedPath)
        guard let stored = fileSize(path) else {
            throw DBError(.corrupt, "\(file.storedPath) is missing from the backup")
        }
        let range = file.storedRange
        // A member's bundle was measured whole (checkBundles); its range lies inside.
        let size = range == nil ? stored : min(file.bytes, max(0, stored - file.offset!))
        guard size == file.bytes else {
            throw DBError(
                .corrupt,
                "\(file.displayName) has \(size) bytes, the manifest says \(file.bytes) (truncated or changed)")
        }
        var hasher = SHA256()
        let decoder = decompress ? try FileDecoder(path: file.path, key: key) : nil
        var plainBytes: Int64 = 0
        let counter = format.makeCounter()
        var rows: Int64 = 0
        let take = { (plain: UnsafeRawBufferPointer) throws in
            plainBytes += Int64(plain.count)
            if file.rows != nil { try counter.feed(plain) }
        }
        do {
            try ChunkedFileReader(path: path, offset: range?.offset ?? 0, length: range?.length).forEachChunk { chunk in
                hasher.update(bufferPointer: chunk)
                try decoder?.feed(chunk, take)
            }
            try decoder?.finish(take)
            if decompress && file.rows != nil { rows = try counter.finish() }
        } catch let error as DBError where error.code == .corrupt {
            throw DBError(.corrupt, "\(file.displayName): \(error.message)")
        }
        guard hasher.finalize().hexString == file.sha256 else {
            throw DBError(.corrupt, "\(file.displayName): SHA-256 does not match the manifest (damaged or changed)")
        }
        guard decompress else { return }
        guard plainBytes == file.uncompressedBytes else {
            throw DBError(
                .corrupt,
                "\(file.displayName): \(plainBytes) bytes uncompressed, the manifest says \(file.uncompressedBytes)")
        }
        if let expected = file.rows, expected != rows {
            throw DBError(.corrupt, "\(file.displayName): holds \(rows) rows, the manifest says \(expected)")
        }
    }
}
