/// The folder part of a file path, as NSString.deletingLastPathComponent gives it:
/// "a/b" → "a", "/a" → "/", "a" → "", "a/b/" → "a". Written out because Foundation's
/// version traps on one-character paths such as "0" or "." (swift-corelibs-foundation,
/// String._startOfLastPathComponent), and every --output, --snapshot or backup folder a
/// user types goes through it.
public enum ParentFolder {
    public static func of(_ path: String) -> String {
        var trimmed = Substring(path)
        while trimmed.count > 1, trimmed.last == "/" { trimmed.removeLast() }
        guard let slash = trimmed.lastIndex(of: "/") else { return "" }
        var folder = trimmed[..<slash]
        while folder.count > 1, folder.last == "/" { folder.removeLast() }
        return folder.isEmpty ? "/" : String(folder)
    }
}
