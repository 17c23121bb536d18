import Foundation

/// A database's or target's name as one folder name: letters, digits, `_` and `-` kept,
/// anything else (separators, spaces, quotes) made `_`. A name that had to change also
/// gets `~` and 8 hex digits of its SHA-256, so "a b" and "a_b" — two databases of one
/// server — never share a folder.
public enum FolderName {
    public static func of(_ name: String) -> String {
        let safe = String(name.map { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-") ? $0 : "_" })
        if safe == name && !safe.isEmpty { return safe }
        return safe + "~" + NameDigest.hex(name, digits: 8)
    }
}
