import DBCore
import Foundation

/// The two files `dbops keygen` makes: NAME.key (private: the signing and the decryption
/// key, mode 0600) and NAME.pub (their public halves). Neither is ever overwritten. Each
/// appears whole or not at all: it is written unnamed (O_TMPFILE) and linked under its name
/// once written and synced, so a keygen killed midway leaves no partial key and no stray
/// copy of a private key. The private file comes first, so a public key is never published
/// without the private key that reads what is encrypted to it; a run that finds NAME.key
/// without NAME.pub (a keygen killed between the two) writes the public file from it.
public enum KeyPairFiles {
    public struct Made: Sendable {
        public var privatePath: String
        public var publicPath: String
        public var signingKeyID: String
        public var encryptionKeyID: String
        /// Only the public file was written, from an existing private one.
        public var completed: Bool
    }

    public static func make(folder: String, name: String) throws -> Made {
        let privatePath = (folder as NSString).appendingPathComponent(name + ".key")
        let publicPath = (folder as NSString).appendingPathComponent(name + ".pub")
        guard !exists(publicPath) else {
            throw DBError(.invalidTarget, "\(publicPath) exists: keygen never overwrites a key")
        }
        let signing: SigningKey
        let opener: DecryptionKey
        let completed = exists(privatePath)
        if completed {
            signing = try SigningKey.load(privatePath)
            opener = try DecryptionKey.load(privatePath)
        } else {
            signing = SigningKey()
            opener = DecryptionKey()
            try create(privatePath, signing.fileLine + opener.fileLine, mode: 0o600)
        }
        try create(publicPath, signing.publicKey.fileLine + opener.recipient.fileLine, mode: 0o644)
        syncFolder(folder)
        return Made(
            privatePath: privatePath, publicPath: publicPath, signingKeyID: signing.publicKey.id,
            encryptionKeyID: opener.recipient.id, completed: completed)
    }

    private static func exists(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0
    }

    /// Writes the file unnamed, syncs it, then links it under `path` (failing if anything
    /// is there). Where the file system has no unnamed files (or /proc is missing), the
    /// file is created exclusively under its name and removed again if writing fails.
    static func create(_ path: String, _ text: String, mode: mode_t) throws {
        let folder = (path as NSString).deletingLastPathComponent
        // O_TMPFILE is (__O_TMPFILE | O_DIRECTORY); Glibc's module does not export it.
        let unnamed = open(folder.isEmpty ? "." : folder, O_WRONLY | O_CLOEXEC | 0o20_000_000 | O_DIRECTORY, mode)
        guard unnamed >= 0 else { return try createNamed(path, text, mode: mode) }
        defer { close(unnamed) }
        try write(unnamed, text, mode: mode, path: path)
        guard linkat(AT_FDCWD, "/proc/self/fd/\(unnamed)", AT_FDCWD, path, AT_SYMLINK_FOLLOW) == 0 else {
            if errno == EEXIST { throw DBError(.invalidTarget, "\(path) exists: keygen never overwrites a key") }
            if errno == ENOENT, exists("/proc/self/fd") { throw failure("cannot create", path) }
            return try createNamed(path, text, mode: mode)
        }
    }

    private static func createNamed(_ path: String, _ text: String, mode: mode_t) throws {
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)
        guard fd >= 0 else {
            if errno == EEXIST { throw DBError(.invalidTarget, "\(path) exists: keygen never overwrites a key") }
            throw failure("cannot create", path)
        }
        defer { close(fd) }
        do { try write(fd, text, mode: mode, path: path) } catch {
            unlink(path)
            throw error
        }
    }

    /// The mode is set again on the descriptor: the umask may have taken bits off a public
    /// file, and a private one is never readable by others, not even for a moment.
    private static func write(_ fd: Int32, _ text: String, mode: mode_t, path: String) throws {
        fchmod(fd, mode)
        let bytes = Array(text.utf8)
        guard Glibc.write(fd, bytes, bytes.count) == bytes.count, fsync(fd) == 0 else {
            throw failure("cannot write", path)
        }
    }

    private static func syncFolder(_ folder: String) {
        let fd = open(folder.isEmpty ? "." : folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { return }
        fsync(fd)
        close(fd)
    }

    private static func failure(_ what: String, _ path: String) -> DBError {
        DBError(.io, "\(what) \(path): \(String(cString: strerror(errno)))")
    }
}
