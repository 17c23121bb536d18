import Crypto
import DBCore
import Foundation

/// manifest.sig: an Ed25519 signature over manifest.json's exact bytes, one line
/// `dbops-signature-v1 <key id> <base64 signature>`. It is written before the manifest
/// (which still marks a backup complete) and travels in the stream form as a piece.
/// Signed, a manifest cannot be rewritten consistently — rows, sizes or hashes changed
/// and re-hashed — without the private key; `--trusted-key` refuses anything else.
public enum ManifestSignature {
    public static let fileName = "manifest.sig"
    static let tag = "dbops-signature-v1"

    public static func sign(_ manifest: Data, with key: SigningKey) throws -> Data {
        let signature = try key.privateKey.signature(for: manifest)
        return Data("\(tag) \(key.publicKey.id) \(signature.base64EncodedString())\n".utf8)
    }

    /// Throws unless `signature` is one of `trusted`'s over `manifest`.
    public static func check(_ signature: Data?, manifest: Data, trusted: [TrustedKey], where place: String) throws {
        guard let signature else {
            throw DBError(
                .corrupt, "\(place) is not signed (no \(fileName)); --trusted-key accepts signed backups only")
        }
        let words = String(decoding: signature.prefix(4096), as: UTF8.self).split(whereSeparator: \.isWhitespace)
        guard words.count == 3, words[0] == tag, let bytes = Data(base64Encoded: String(words[2])) else {
            throw DBError(.corrupt, "\(place): \(fileName) is not a dbops signature")
        }
        let keyID = String(words[1])
        guard let key = trusted.first(where: { $0.id == keyID }) else {
            throw DBError(
                .corrupt,
                "\(place) is signed by key \(keyID.prefix(16)), which is not a trusted key (trusted: \(trusted.map(\.id).joined(separator: ", ")))"
            )
        }
        guard key.publicKey.isValidSignature(bytes, for: manifest) else {
            throw DBError(
                .corrupt, "\(place): the signature does not match manifest.json (the manifest was changed or forged)")
        }
    }
}
