import Crypto
import DBCore
import Foundation

/// Where backup files go: a directory, or pieces of a single stream on stdout.
protocol BackupSink: AnyObject {
    /// Opens a file at a relative path ("data/0003.public.api_usage.0001.zst").
    func open(_ path: String) throws -> SinkFile
    /// Writes the manifest and its checksum last; after this the backup is complete.
    func finish(manifest: Data) throws
    /// Removes (directory) or abandons (stream) what was written.
    func abort()
}

protocol SinkFile: AnyObject {
    func write(_ bytes: UnsafeRawBufferPointer) throws
    func close() throws
    func abandon()
}

/// Counts and hashes the bytes going into a sink file, so every entry of the manifest
/// describes exactly what was written.
final class HashingFile {
    let path: String
    private let file: SinkFile
    private var hasher = SHA256()
    private(set) var bytes: Int64 = 0

    init(path: String, file: SinkFile) {
        self.path = path
        self.file = file
    }

    func write(_ data: UnsafeRawBufferPointer) throws {
        hasher.update(bufferPointer: data)
        bytes += Int64(data.count)
        try file.write(data)
    }

    func close() throws -> (bytes: Int64, sha256: String) {
        try file.close()
        return (bytes, hasher.finalize().hexString)
    }

    func abandon() { file.abandon() }
}

/// A file of the backup, compressed with zstd on the way out.
final class CompressedFileWriter {
    let path: String
    private let file: HashingFile
    private let compressor: ZstdCompressor
    private(set) var uncompressedBytes: Int64 = 0

    init(sink: BackupSink, path: String, level: Int, threads: Int) throws {
        self.path = path
        file = HashingFile(path: path, file: try sink.open(path))
        compressor = try ZstdCompressor(level: level, workers: threads)
    }

    func write(_ bytes: UnsafeRawBufferPointer) throws {
        uncompressedBytes += Int64(bytes.count)
        try compressor.compress(bytes) { try file.write($0) }
    }

    func write(_ data: Data) throws { try data.withUnsafeBytes { try write($0) } }

    func close(rows: Int64?) throws -> FileEntry {
        try compressor.finish { try file.write($0) }
        let (bytes, sha) = try file.close()
        return FileEntry(path: path, bytes: bytes, uncompressedBytes: uncompressedBytes, sha256: sha, rows: rows)
    }

    func abandon() { file.abandon() }
}

extension Digest {
    var hexString: String { map { String(format: "%02x", $0) }.joined() }
}

/// A backup directory. Files go straight to their place; manifest.json comes last.
final class DirectorySink: BackupSink {
    let root: String
    private var created = false

    init(root: String) throws {
        self.root = root
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: root, isDirectory: &isDirectory) {
            guard isDirectory.boolValue, (try? FileManager.default.contentsOfDirectory(atPath: root))?.isEmpty == true else {
                throw DBError(.io, "\(root) already exists and is not an empty directory; a backup never overwrites")
            }
        } else {
            // Only the last component is created, as pg_dump -Fd does: a mistyped mount
            // point must fail here, not fill the root file system.
            let parent = (root as NSString).deletingLastPathComponent
            var parentIsDirectory: ObjCBool = false
            guard parent.isEmpty || (FileManager.default.fileExists(atPath: parent, isDirectory: &parentIsDirectory) && parentIsDirectory.boolValue) else {
                throw DBError(.io, "cannot create \(root): \(parent) does not exist (dbops creates only the backup folder itself)")
            }
            do { try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: false) } catch {
                throw DBError(.io, "cannot create \(root): \((error as NSError).localizedDescription)")
            }
        }
        created = true
        for sub in ["data", "schema"] {
            try FileManager.default.createDirectory(atPath: (root as NSString).appendingPathComponent(sub), withIntermediateDirectories: true)
        }
        let marker = try DurableFileWriter(path: (root as NSString).appendingPathComponent(BackupManifest.markerFileName))
        try marker.write(Data("dbops backup in progress; complete once manifest.json exists\n".utf8))
        try marker.close()
    }

    func open(_ path: String) throws -> SinkFile {
        DirectoryFile(try DurableFileWriter(path: (root as NSString).appendingPathComponent(path)))
    }

    func finish(manifest: Data) throws {
        for sub in ["data", "schema"] { try DurableFiles.syncDirectory((root as NSString).appendingPathComponent(sub)) }
        let checksum = Data((SHA256.hash(data: manifest).hexString + "  manifest.json\n").utf8)
        try DurableFiles.writeAtomically(checksum, to: (root as NSString).appendingPathComponent(BackupManifest.checksumFileName))
        try DurableFiles.writeAtomically(manifest, to: (root as NSString).appendingPathComponent(BackupManifest.fileName))
    }

    func abort() {
        if created { try? FileManager.default.removeItem(atPath: root) }
    }

    private final class DirectoryFile: SinkFile {
        let writer: DurableFileWriter
        init(_ writer: DurableFileWriter) { self.writer = writer }
        func write(_ bytes: UnsafeRawBufferPointer) throws { try writer.write(bytes) }
        func close() throws { try writer.close() }
        func abandon() { writer.abandon() }
    }
}

/// The single-stream form (`--output -`): files are cut into pieces that may interleave,
/// each preceded by a one-line JSON header; the manifest comes last, then an end record.
/// A consumer that never sees the end record knows the stream is incomplete.
final class StreamSink: BackupSink {
    private let output: Int32
    private let lock = NSLock()
    static let pieceSize = 1 << 20

    init(fileDescriptor: Int32 = STDOUT_FILENO) throws {
        output = fileDescriptor
        try emit(Data(StreamFormat.magic.utf8))
    }

    func open(_ path: String) throws -> SinkFile { StreamFile(sink: self, path: path) }

    func finish(manifest: Data) throws {
        try piece(path: BackupManifest.fileName, Data(manifest))
        try piece(path: BackupManifest.checksumFileName, Data((SHA256.hash(data: manifest).hexString + "  manifest.json\n").utf8))
        try emit(Data((StreamFormat.header(["end": true]) + "\n").utf8))
    }

    func abort() {}

    func piece(path: String, _ bytes: Data, last: Bool = true) throws {
        let header = Data((StreamFormat.header(["piece": path, "bytes": bytes.count, "last": last]) + "\n").utf8)
        lock.lock(); defer { lock.unlock() }
        try write(header)
        try write(bytes)
    }

    private func emit(_ data: Data) throws {
        lock.lock(); defer { lock.unlock() }
        try write(data)
    }

    private func write(_ data: Data) throws {
        try data.withUnsafeBytes { bytes in
            var offset = 0
            while offset < bytes.count {
                let n = Glibc.write(output, bytes.baseAddress! + offset, bytes.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    throw DBError(.io, "cannot write the backup stream: \(errno == EPIPE ? "the reader went away" : String(cString: strerror(errno)))")
                }
                offset += n
            }
        }
    }

    private final class StreamFile: SinkFile {
        let sink: StreamSink
        let path: String
        var buffer = Data()

        init(sink: StreamSink, path: String) {
            self.sink = sink
            self.path = path
            buffer.reserveCapacity(StreamSink.pieceSize)
        }

        func write(_ bytes: UnsafeRawBufferPointer) throws {
            buffer.append(contentsOf: bytes)
            if buffer.count >= StreamSink.pieceSize {
                try sink.piece(path: path, buffer, last: false)
                buffer.removeAll(keepingCapacity: true)
            }
        }

        func close() throws {
            // Always send a last piece, even empty, so an empty file still exists.
            try sink.piece(path: path, buffer)
            buffer.removeAll()
        }

        func abandon() { buffer.removeAll() }
    }
}

/// Reading and writing the stream form.
enum StreamFormat {
    static let magic = "DBOPS-BACKUP-STREAM/1\n"

    static func header(_ fields: [String: Any]) -> String {
        let data = try! JSONSerialization.data(withJSONObject: fields, options: [.sortedKeys, .withoutEscapingSlashes])
        return String(decoding: data, as: UTF8.self)
    }

    /// Names a stream may carry: backup-relative paths, nothing that climbs out.
    static func isSafe(_ path: String) -> Bool {
        let allowed = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-/")
        guard !path.isEmpty, path.unicodeScalars.allSatisfy({ allowed.contains($0) }) else { return false }
        let parts = path.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count <= 2, !parts.contains(where: { $0.isEmpty || $0 == "." || $0 == ".." }) else { return false }
        return parts.count == 1 ? [BackupManifest.fileName, BackupManifest.checksumFileName].contains(path)
                                : ["data", "schema"].contains(String(parts[0]))
    }

    /// Unpacks a stream from `input` into `directory` (which must exist and be empty).
    /// Throws if the stream is malformed or ends before its end record.
    static func unpack(from input: Int32, into directory: String) throws {
        let reader = BufferedReader(fileDescriptor: input)
        guard let first = try reader.line(), first + "\n" == magic else {
            throw DBError(.corrupt, "the input is not a dbops backup stream")
        }
        var open: [String: DurableFileWriter] = [:]
        defer { open.values.forEach { $0.abandon() } }
        for sub in ["data", "schema"] {
            try FileManager.default.createDirectory(atPath: (directory as NSString).appendingPathComponent(sub), withIntermediateDirectories: true)
        }
        while true {
            guard let line = try reader.line() else {
                throw DBError(.corrupt, "the backup stream ended before its end record: it is incomplete (truncated or interrupted)")
            }
            guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else {
                throw DBError(.corrupt, "the backup stream is damaged (bad piece header)")
            }
            if object["end"] as? Bool == true { break }
            guard let path = object["piece"] as? String, let count = object["bytes"] as? Int, count >= 0 else {
                throw DBError(.corrupt, "the backup stream is damaged (bad piece header)")
            }
            guard isSafe(path) else { throw DBError(.corrupt, "the backup stream names an unsafe path: \(path)") }
            let writer: DurableFileWriter
            if let existing = open[path] { writer = existing } else {
                writer = try DurableFileWriter(path: (directory as NSString).appendingPathComponent(path), bufferSize: 256 << 10)
                open[path] = writer
            }
            try reader.read(count) { try writer.write($0) }
            if object["last"] as? Bool ?? true {
                try writer.close()
                open[path] = nil
            }
        }
        for (_, writer) in open { try writer.close() }
        open.removeAll()
    }
}

/// Line and block reads over a file descriptor, in large chunks.
final class BufferedReader {
    private let descriptor: Int32
    private var buffer = [UInt8](repeating: 0, count: 1 << 20)
    private var start = 0
    private var end = 0

    init(fileDescriptor: Int32) { descriptor = fileDescriptor }

    private func fill() throws -> Bool {
        if start == end { start = 0; end = 0 }
        if end == buffer.count {
            if start > 0 {
                buffer.replaceSubrange(0..<(end - start), with: buffer[start..<end])
                end -= start
                start = 0
            } else {
                buffer.append(contentsOf: [UInt8](repeating: 0, count: buffer.count))
            }
        }
        let n = buffer.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress! + end, $0.count - end) }
        if n < 0 {
            if errno == EINTR { return try fill() }
            throw DBError(.io, "cannot read the backup stream: \(String(cString: strerror(errno)))")
        }
        end += n
        return n > 0
    }

    /// The next line without its newline, or nil at the end of input.
    func line() throws -> String? {
        while true {
            if let newline = buffer[start..<end].firstIndex(of: 10) {
                let text = String(decoding: buffer[start..<newline], as: UTF8.self)
                start = newline + 1
                return text
            }
            if end - start > 64 << 10 { throw DBError(.corrupt, "the backup stream is damaged (header line too long)") }
            if try !fill() { return nil }
        }
    }

    /// Passes exactly `count` bytes to `body`; throws if the input ends first.
    func read(_ count: Int, _ body: (UnsafeRawBufferPointer) throws -> Void) throws {
        var left = count
        while left > 0 {
            if start == end, try !fill() {
                throw DBError(.corrupt, "the backup stream ended in the middle of a piece: it is truncated")
            }
            let n = min(left, end - start)
            try buffer.withUnsafeBytes { try body(UnsafeRawBufferPointer(rebasing: $0[start..<start + n])) }
            start += n
            left -= n
        }
    }
}
