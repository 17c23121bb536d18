import Crypto
import DBCore
import Foundation

/// The single-stream form (`--output -`): files are cut into pieces that may interleave,
/// each preceded by a one-line JSON header; the manifest comes last, then an end record.
/// A consumer that never sees the end record knows the stream is incomplete.
final class StreamSink: BackupSink {
    var contentKey: ContentKey?
    private let output: Int32
    private let lock = NSLock()
    static let pieceSize = 1 << 20

    init(fileDescriptor: Int32 = STDOUT_FILENO) throws {
        output = fileDescriptor
        try emit(Data(StreamFormat.magic.utf8))
    }

    func open(_ path: String) throws -> SinkFile { StreamFile(sink: self, path: path) }

    func finish(manifest: Data, signature: Data?) throws {
        if let signature { try piece(path: ManifestSignature.fileName, signature) }
        try piece(path: BackupManifest.fileName, Data(manifest))
        try piece(
            path: BackupManifest.checksumFileName,
            Data((SHA256.hash(data: manifest).hexString + "  manifest.json\n").utf8))
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
                    throw DBError(
                        .io,
                        "cannot write the backup stream: \(errno == EPIPE ? "the reader went away" : String(cString: strerror(errno)))"
                    )
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
