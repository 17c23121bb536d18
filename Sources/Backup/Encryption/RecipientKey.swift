import Crypto
import DBCore
import Foundation

/// A public X25519 key backups are encrypted to (`--encrypt-to NAME.pub`): whoever holds
/// the matching private key (DecryptionKey) can read them; the host that takes them needs
/// only this.
public struct RecipientKey: @unchecked Sendable, Equatable {  // immutable
    public static let tag = "dbops-x25519-public"
    public let publicKey: Curve25519.KeyAgreement.PublicKey

    public init(publicKey: Curve25519.KeyAgreement.PublicKey) { self.publicKey = publicKey }

    public static func load(_ path: String) throws -> RecipientKey {
        let raw = try KeyFile.read(path, tag: tag)
        do { return RecipientKey(publicKey: try Curve25519.KeyAgreement.PublicKey(rawRepresentation: raw)) } catch {
            throw DBError(.invalidTarget, "encryption key \(path) is not an X25519 public key")
        }
    }

    /// The first 16 hex digits of the SHA-256 of the public key, as manifests name it.
    public var id: String { String(SHA256.hash(data: publicKey.rawRepresentation).hexString.prefix(16)) }
    public var fileLine: String { "\(Self.tag) \(publicKey.rawRepresentation.base64EncodedString())\n" }

    public static func == (lhs: RecipientKey, rhs: RecipientKey) -> Bool {
        lhs.publicKey.rawRepresentation == rhs.publicKey.rawRepresentation
    }
}
