import Crypto
import DBCore
import Foundation

/// A backup to read: a directory, or "-" for the stream form on stdin (unpacked to a
/// private temporary directory first, so it is checked whole before anything uses it).
enum BackupInput {
    static func open<T>(_ path: String, _ body: (String) throws -> T) throws -> T {
        guard path == "-" else {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue else {
                throw DBError(.io, "\(path) is not a backup directory")
            }
            // Held shared while read, so a prune leaves it until the restore, verify or
            // drill is done (nil: a backup still writing it, which the manifest check says).
            let reading = try FolderClaim(path, shared: true)
            defer { reading?.release() }
            return try body(path)
        }
        let directory = try PostgresTools.makePrivateDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try StreamFormat.unpack(from: STDIN_FILENO, into: directory)
        return try body(directory)
    }
}
