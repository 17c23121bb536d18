import DBCore
import Foundation

/// Small tables' files written one after another into one file of a worker's (a bundle),
/// each still its own zstd frame (and encrypted under its own key) with its own manifest
/// entry: where it starts in the bundle, its size and SHA-256. A backup of thousands of
/// small tables otherwise creates, writes and fsyncs a file a table, which cost three to
/// four times the reading (pgBackRest bundles small files for the same reason).
/// A bundle's members tile it: verify refuses a byte no member claims.
final class BundleWriter {
    /// A bundle is closed after the member that takes it past this size.
    static let bundleLimit: Int64 = 64 << 20

    private let sink: BackupSink
    private let worker: Int
    private var sequence = 0
    private var file: SinkFile?
    private(set) var path = ""
    private(set) var offset: Int64 = 0

    init(sink: BackupSink, worker: Int) {
        self.sink = sink
        self.worker = worker
    }

    /// The bundle's file names: "data/bundle.01.0001" (worker, then sequence).
    static func isBundle(_ path: String) -> Bool { path.hasPrefix("data/bundle.") }

    /// Tables up to `limit` on the server are bundled, and only when copied whole.
    static func wants(_ table: TablePlan, sink: BackupSink, limit: Int64) -> Bool {
        sink.keepsBytes && limit > 0 && table.chunks.count == 1 && table.estimatedBytes <= limit
    }

    /// Where the next member's bytes go: the current bundle, opened with the first member.
    func member() throws -> SinkFile {
        if file == nil {
            sequence += 1
            path = String(format: "data/bundle.%02d.%04d", worker + 1, sequence)
            file = try sink.open(path)
            offset = 0
        }
        return Member(self)
    }

    /// After a member is complete: closes the bundle once it is large enough.
    func memberDone() throws {
        if offset >= Self.bundleLimit { try close() }
    }

    func close() throws {
        guard let file else { return }
        self.file = nil
        try file.close()
    }

    func abandon() {
        file?.abandon()
        file = nil
    }

    fileprivate func write(_ bytes: UnsafeRawBufferPointer) throws {
        guard let file else { throw DBError(.io, "\(path): written after it was closed") }
        try file.write(bytes)
        offset += Int64(bytes.count)
    }

    /// A member's bytes pass straight into the bundle; closing a member leaves the bundle
    /// open for the next.
    private final class Member: SinkFile {
        let bundle: BundleWriter
        init(_ bundle: BundleWriter) { self.bundle = bundle }
        func write(_ bytes: UnsafeRawBufferPointer) throws { try bundle.write(bytes) }
        func close() throws {}
        func abandon() {}
    }
}
