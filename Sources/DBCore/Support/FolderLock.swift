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
