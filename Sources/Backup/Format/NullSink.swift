import DBCore
import Foundation

/// A sink that keeps nothing: reading a database the way a backup does, for the figures
/// (rows, content checksums) and not the files — the restore drill's second half.
final class NullSink: BackupSink {
    var contentKey: ContentKey?
    var keepsBytes: Bool { false }

    func open(_ path: String) throws -> SinkFile { Discard() }
    func finish(manifest: Data, signature: Data?) throws {}
    func abort() {}

    private final class Discard: SinkFile {
        func write(_ bytes: UnsafeRawBufferPointer) throws {}
        func close() throws {}
        func abandon() {}
    }
}
