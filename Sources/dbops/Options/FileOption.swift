import Foundation

/// A file option whose folder must exist (--snapshot, --history, --html): a typo is one
/// line and exit 64, before any server is touched.
enum FileOption {
    static func requireFolder(of path: String, option: String) throws {
        let folder = (path as NSString).deletingLastPathComponent
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder.isEmpty ? "." : folder, isDirectory: &isFolder),
            isFolder.boolValue
        else { throw UsageError("\(option) \(path): the folder \(folder) does not exist") }
    }
}
