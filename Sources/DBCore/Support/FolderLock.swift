import Foundation

/// An exclusive lock on a folder (flock on its descriptor), held until `body` returns: how
/// files shared by a fleet's parallel members and overlapping runs (the health counter
/// snapshot, a new history store) are changed one run at a time.
public enum FolderLock {
    public static func holding<T>(_ folder: String, _ body: () throws -> T) throws -> T {
        let path = folder.isEmpty ? "." : folder
        let descriptor = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw DBError(.io, "cannot open the folder \(path): \(String(cString: strerror(errno)))")
        }
        defer { close(descriptor) }
        while flock(descriptor, LOCK_EX) != 0 {
            guard errno == EINTR else {
                throw DBError(.io, "cannot lock the folder \(path): \(String(cString: strerror(errno)))")
            }
        }
        return try body()
    }
}

/// A folder claimed by the run using it (flock taken without waiting, held to the end of
/// the run or its death): exclusive by the backup writing it or the prune removing it,
/// shared by the restores, verifies and drills reading it. A second writer is refused,
/// and `backup prune` leaves a backup being written or read alone however long that takes.
public final class FolderClaim {
    private var descriptor: Int32

    /// Nil when another process holds the folder in a way that excludes this claim.
    public init?(_ folder: String, shared: Bool = false) throws {
        descriptor = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw DBError(.io, "cannot open the folder \(folder): \(String(cString: strerror(errno)))")
        }
        while flock(descriptor, (shared ? LOCK_SH : LOCK_EX) | LOCK_NB) != 0 {
            guard errno == EINTR else {
                let busy = errno == EWOULDBLOCK
                close(descriptor)
                descriptor = -1
                if busy { return nil }
                // A file system without locks (NFS mounted nolock: ENOLCK) must not stop a
                // backup: the claim then holds nothing, and prune goes by age, as before.
                return
            }
        }
    }

    /// Whether a process holds the folder exclusively: a backup writing it (or a prune
    /// removing it). Readers' shared holds, this process's own among them, do not count.
    public static func isHeldExclusively(_ folder: String) -> Bool {
        do { return try FolderClaim(folder, shared: true) == nil } catch { return false }
    }

    public func release() {
        guard descriptor >= 0 else { return }
        close(descriptor)
        descriptor = -1
    }

    deinit { release() }
}
