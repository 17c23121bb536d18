import Foundation

/// A file written in large buffered writes and fsync'ed on close, so that a manifest written
/// after it can vouch for it. Write errors (a full disk above all) name the file.
public final class DurableFileWriter {
    public let path: String
    private var descriptor: Int32
    private var buffer: [UInt8] = []
    private let bufferSize: Int
    public private(set) var bytesWritten: Int64 = 0

    /// Creates the file; fails if it exists (a backup never overwrites).
    public init(path: String, bufferSize: Int = 1 << 20) throws {
        self.path = path
        self.bufferSize = bufferSize
        descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o640)
        guard descriptor >= 0 else { throw DurableFileWriter.error("cannot create", path) }
        // The buffer grows as written: a small file never allocates the whole size.
    }

    deinit { if descriptor >= 0 { Glibc.close(descriptor) } }

    public func write(_ bytes: UnsafeRawBufferPointer) throws {
        if buffer.count + bytes.count > bufferSize { try flush() }
        if bytes.count >= bufferSize {
            try writeAll(bytes)
        } else {
            buffer.append(contentsOf: bytes)
        }
        bytesWritten += Int64(bytes.count)
    }

    public func write(_ data: Data) throws {
        try data.withUnsafeBytes { try write($0) }
    }

    /// Flushes, fsyncs and closes.
    public func close() throws {
        try flush()
        guard fsync(descriptor) == 0 else { throw DurableFileWriter.error("cannot sync", path) }
        Glibc.close(descriptor)
        descriptor = -1
    }

    /// Flushes and hands the file to `syncer`, which fsyncs and closes it in the background
    /// (durable once the syncer drains).
    public func close(syncingWith syncer: FileSyncer) throws {
        try syncer.check()
        try flush()
        syncer.hand(descriptor, path: path)
        descriptor = -1
    }

    /// Closes without syncing (for a file about to be deleted).
    public func abandon() {
        if descriptor >= 0 { Glibc.close(descriptor) }
        descriptor = -1
    }

    private func flush() throws {
        guard !buffer.isEmpty else { return }
        try buffer.withUnsafeBytes { try writeAll($0) }
        buffer.removeAll(keepingCapacity: true)
    }

    private func writeAll(_ bytes: UnsafeRawBufferPointer) throws {
        var offset = 0
        while offset < bytes.count {
            let n = Glibc.write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
            if n < 0 {
                if errno == EINTR { continue }
                throw DurableFileWriter.error("cannot write", path)
            }
            offset += n
        }
    }

    static func error(_ what: String, _ path: String) -> DBError {
        let code = errno
        let reason = code == ENOSPC ? "no space left on device" : String(cString: strerror(code))
        return DBError(.io, "\(what) \(path): \(reason)")
    }
}

public enum DurableFiles {
    /// Makes a rename or new files in `directory` survive a crash.
    public static func syncDirectory(_ directory: String) throws {
        // The parent of a bare file name ("board.snap") is the working directory.
        let directory = directory.isEmpty ? "." : directory
        let descriptor = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { throw DurableFileWriter.error("cannot open", directory) }
        defer { Glibc.close(descriptor) }
        guard fsync(descriptor) == 0 else { throw DurableFileWriter.error("cannot sync", directory) }
    }

    /// What is at `path`, following links: nil when nothing is (or it cannot be seen).
    public static func kind(of path: String) -> mode_t? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return info.st_mode & S_IFMT
    }

    /// Writes `data` to `path` atomically: a temporary file, fsync, rename, fsync of the folder.
    /// A link to a file keeps the link and replaces the file. A device, pipe or socket
    /// (`--output /dev/stdout`) is written into: renamed over, /dev/null run as root became a
    /// regular file, and a link such as /dev/stdout a file of its own.
    public static func writeAtomically(_ data: Data, to given: String) throws {
        var path = given
        switch kind(of: given) {
        case nil, S_IFREG?:
            if let resolved = realpath(given, nil) {
                path = String(cString: resolved)
                free(resolved)
            }
        case S_IFDIR?:
            throw DBError(.io, "cannot write \(given): it is a folder")
        default:
            try writeInPlace(data, to: given)
            return
        }
        removeAbandonedTemporaries(of: path)
        let temporary = path + ".tmp.\(getpid())"
        unlink(temporary)
        let writer = try DurableFileWriter(path: temporary)
        do {
            try writer.write(data)
            try writer.close()
        } catch {
            writer.abandon()
            unlink(temporary)
            throw error
        }
        guard rename(temporary, path) == 0 else { throw DurableFileWriter.error("cannot rename to", path) }
        try syncDirectory(ParentFolder.of(path))
    }

    private static func writeInPlace(_ data: Data, to path: String) throws {
        let descriptor = open(path, O_WRONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw DurableFileWriter.error("cannot open", path) }
        defer { Glibc.close(descriptor) }
        try data.withUnsafeBytes { (bytes: UnsafeRawBufferPointer) in
            var offset = 0
            while offset < bytes.count {
                let written = Glibc.write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
                if written < 0 && errno == EINTR { continue }
                guard written > 0 else { throw DurableFileWriter.error("cannot write", path) }
                offset += written
            }
        }
    }

    /// The temporary files of earlier writes of `path` whose process is gone (one killed
    /// between its write and its rename), ours only: a cron job's monitoring file is
    /// written every few minutes for years, and each such kill left one in the collector's
    /// folder.
    static func removeAbandonedTemporaries(of path: String) {
        let folder = ParentFolder.of(path)
        let prefix = (path as NSString).lastPathComponent + ".tmp."
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return }
        for name in names where name.hasPrefix(prefix) {
            let candidate = (folder as NSString).appendingPathComponent(name)
            guard let pid = pid_t(name.dropFirst(prefix.count)),
                Leftover.isAbandoned(candidate, pid: pid, type: S_IFREG)
            else { continue }
            unlink(candidate)
        }
    }
}

/// Reads a file, or `length` bytes of it from `offset`, in large chunks.
public final class ChunkedFileReader {
    public let path: String
    private let descriptor: Int32
    private var buffer: [UInt8]
    /// Bytes still to read of a range; nil reads to the end of the file.
    private var remaining: Int64?

    /// `regularOnly`: the file must be a regular file (a backup's files are): a named pipe
    /// put in one's place (a damaged or forged backup) would hold open(2) and read(2) for
    /// good, so it is opened without waiting and refused. False where a pipe is welcome
    /// (a slow query log streamed in).
    public init(
        path: String, chunkSize: Int = 1 << 20, offset: Int64 = 0, length: Int64? = nil, regularOnly: Bool = true
    ) throws {
        self.path = path
        descriptor = open(path, O_RDONLY | O_CLOEXEC | (regularOnly ? O_NONBLOCK : 0))
        guard descriptor >= 0 else { throw DurableFileWriter.error("cannot open", path) }
        if regularOnly {
            var info = stat()
            guard fstat(descriptor, &info) == 0, info.st_mode & S_IFMT == S_IFREG else {
                Glibc.close(descriptor)
                throw DBError(.io, "cannot read \(path): not a regular file")
            }
            _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) & ~O_NONBLOCK)
        }
        if offset > 0 && lseek(descriptor, off_t(offset), SEEK_SET) < 0 {
            Glibc.close(descriptor)
            throw DurableFileWriter.error("cannot read", path)
        }
        remaining = length.map { max(0, $0) }
        // No bigger than what is read (plus one byte, so the first read already sees its
        // end): a restore opens thousands of small files, each buffer zeroed when made.
        var info = stat()
        var size = fstat(descriptor, &info) == 0 && info.st_size >= 0 ? Int(info.st_size) + 1 : chunkSize
        if let remaining { size = min(size, Int(min(remaining, Int64(chunkSize)))) }
        buffer = [UInt8](repeating: 0, count: max(1, min(chunkSize, size)))
    }

    deinit { Glibc.close(descriptor) }

    /// The first `bytes` bytes of a regular file (fewer when it is shorter).
    public static func prefix(_ path: String, bytes: Int) throws -> Data {
        var data = Data()
        _ = try ChunkedFileReader(path: path, chunkSize: bytes, length: Int64(bytes)).next {
            data.append(contentsOf: $0)
        }
        return data
    }

    /// Calls `body` with each chunk until the end of the file.
    public func forEachChunk(_ body: (UnsafeRawBufferPointer) throws -> Void) throws {
        while try next(body) {}
    }

    /// Reads one chunk and passes it to `body`; false at the end of the file.
    public func next(_ body: (UnsafeRawBufferPointer) throws -> Void) throws -> Bool {
        while true {
            let want = remaining.map { Int(min($0, Int64(buffer.count))) } ?? buffer.count
            if want == 0 { return false }
            let n = buffer.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress!, want) }
            if n < 0 {
                if errno == EINTR { continue }
                throw DurableFileWriter.error("cannot read", path)
            }
            if n == 0 { return false }
            remaining = remaining.map { $0 - Int64(n) }
            try buffer.withUnsafeBytes { try body(UnsafeRawBufferPointer(rebasing: $0[0..<n])) }
            return true
        }
    }
}
