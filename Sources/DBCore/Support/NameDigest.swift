import Crypto
import Foundation

/// A short, stable hex digest of a name, for names that must be shortened or made safe
/// and still never coincide: the first `digits` lower-case hex digits of the SHA-256 of
/// its UTF-8 bytes. Stable across runs and versions: the names it makes are found again
/// by a later run (lock names, staging and set-aside tables, folders).
public enum NameDigest {
    public static func hex(_ name: String, digits: Int) -> String {
        String(SHA256.hash(data: Data(name.utf8)).map { String(format: "%02x", $0) }.joined().prefix(digits))
    }
}
