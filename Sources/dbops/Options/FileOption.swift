import DBCore
import Foundation

/// A file option whose folder must exist (--output, --snapshot, --history, --html): a typo
/// is one line and exit 64, before any server is touched. Created files never create folders.
enum FileOption {
    static func requireFolder(of path: String, option: String) throws {
        guard !path.isEmpty else { throw UsageError("\(option): the file name is empty") }
        var isFolder: ObjCBool = false
        if path.hasSuffix("/")
            || (FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) && isFolder.boolValue)
        {
            throw UsageError("\(option) \(path): names a folder; give a file in it")
        }
        let folder = ParentFolder.of(path)
        guard FileManager.default.fileExists(atPath: folder.isEmpty ? "." : folder, isDirectory: &isFolder),
            isFolder.boolValue
        else { throw UsageError("\(option) \(path): the folder \(folder) does not exist") }
    }
}
