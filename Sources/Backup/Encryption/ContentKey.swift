import Crypto
import DBCore
import Foundation

/// The key a backup's files are encrypted with: 32 random bytes made for this backup only
/// and stored nowhere in clear — the manifest holds it sealed to each recipient's public
/// key (BackupEncryption). Each file is encrypted with a key of its own derived from it
/// and the file's path, so a file moved to another path, or taken from another backup,
/// does not authenticate.
public struct ContentKey: @unchecked Sendable {  // immutable
    let key: SymmetricKey

    public static func random() -> ContentKey { ContentKey(key: SymmetricKey(size: .bits256)) }

    init(key: SymmetricKey) { self.key = key }

    init?(raw: Data) {
        guard raw.count == 32 else { return nil }
        key = SymmetricKey(data: raw)
    }

    var raw: Data { key.withUnsafeBytes { Data($0) } }

    /// HKDF-SHA256 of the content key, with the file's relative path in the info.
    func fileKey(_ path: String) -> SymmetricKey {
        HKDF<SHA256>.deriveKey(
            inputKeyMaterial: key, info: Data("dbops-backup-file-v1\u{0}\(path)".utf8), outputByteCount: 32)
    }
}
