import Crypto
import DBCore
import Foundation

/// A backup directory. Files go straight to their place; manifest.json comes last.
final class DirectorySink: BackupSink {
    var contentKey: ContentKey?
    let root: String
    private var created = false
    /// Data files are synced in the background while the next is written; the manifest
    /// waits for every one of them.
    private let syncer = FileSyncer()
    private var claim: FolderClaim?

    init(root: String) throws {
        self.root = root
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: root, isDirectory: &isDirectory) {
            guard isDirectory.boolValue, (try? FileManager.default.contentsOfDirectory(atPath: root))?.isEmpty == true
            else {
                throw DBError(.io, "\(root) already exists and is not an empty directory; a backup never overwrites")
            }
        } else {
            // Only the last component is created, as pg_dump -Fd does: a mistyped mount
            // point must fail here, not fill the root file system.
            let parent = ParentFolder.of(root)
            var parentIsDirectory: ObjCBool = false
            let parentExists = FileManager.default.fileExists(atPath: parent, isDirectory: &parentIsDirectory)
            guard parent.isEmpty || (parentExists && parentIsDirectory.boolValue) else {
                throw DBError(
                    .io,
                    "cannot create \(root): \(parent) \(parentExists ? "is a file, not a folder" : "does not exist") (dbops creates only the backup folder itself)"
                )
            }
            do { try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: false) } catch {
                // Made meanwhile by another run told the same folder: the claim below decides.
                var madeMeanwhile: ObjCBool = false
                guard FileManager.default.fileExists(atPath: root, isDirectory: &madeMeanwhile), madeMeanwhile.boolValue
                else {
                    throw DBError(.io, "cannot create \(root): \(FileErrorText.of(error))")
                }
            }
        }
        created = true
        // Held to the end: a second backup told to write here is refused by name (the
        // marker's O_EXCL alone would stop it, unexplained), and prune sees one running.
        // Emptiness is checked again once held: another backup may have filled it since.
        guard let claim = try FolderClaim(root) else {
            throw DBError(.io, "another backup is writing into \(root); a backup never overwrites")
        }
        guard (try? FileManager.default.contentsOfDirectory(atPath: root))?.isEmpty == true else {
            throw DBError(.io, "\(root) already exists and is not an empty directory; a backup never overwrites")
        }
        self.claim = claim
        for sub in ["data", "schema"] {
            try FileManager.default.createDirectory(
                atPath: (root as NSString).appendingPathComponent(sub), withIntermediateDirectories: true)
        }
        let marker = try DurableFileWriter(
            path: (root as NSString).appendingPathComponent(BackupManifest.markerFileName))
        try marker.write(Data("dbops backup in progress; complete once manifest.json exists\n".utf8))
        try marker.close()
    }

    func open(_ path: String) throws -> SinkFile {
        DirectoryFile(try DurableFileWriter(path: (root as NSString).appendingPathComponent(path)), syncer: syncer)
    }

    func finish(manifest: Data, signature: Data?) throws {
        try syncer.drain()
        for sub in ["data", "schema"] { try DurableFiles.syncDirectory((root as NSString).appendingPathComponent(sub)) }
        if let signature {
            try DurableFiles.writeAtomically(
                signature, to: (root as NSString).appendingPathComponent(ManifestSignature.fileName))
        }
        let checksum = Data((SHA256.hash(data: manifest).hexString + "  manifest.json\n").utf8)
        try DurableFiles.writeAtomically(
            checksum, to: (root as NSString).appendingPathComponent(BackupManifest.checksumFileName))
        try DurableFiles.writeAtomically(
            manifest, to: (root as NSString).appendingPathComponent(BackupManifest.fileName))
        claim?.release()
    }

    func abort() {
        syncer.abandon()
        if created { try? FileManager.default.removeItem(atPath: root) }
        claim?.release()
    }

    private final class DirectoryFile: SinkFile {
        let writer: DurableFileWriter
        let syncer: FileSyncer
        init(_ writer: DurableFileWriter, syncer: FileSyncer) {
            self.writer = writer
            self.syncer = syncer
        }
        func write(_ bytes: UnsafeRawBufferPointer) throws { try writer.write(bytes) }
        func close() throws { try writer.close(syncingWith: syncer) }
        func abandon() { writer.abandon() }
    }
}
