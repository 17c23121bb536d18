import Crypto
import DBCore
import Foundation

/// The private X25519 key that opens backups encrypted to its public key
/// (`--decrypt-with NAME.key`). It belongs where restores happen, not on the host that
/// takes the backups.
public struct DecryptionKey: @unchecked Sendable {  // immutable
    public static let tag = "dbops-x25519-private"
    public let privateKey: Curve25519.KeyAgreement.PrivateKey

    public init() { privateKey = Curve25519.KeyAgreement.PrivateKey() }

    init(privateKey: Curve25519.KeyAgreement.PrivateKey) { self.privateKey = privateKey }

    public var recipient: RecipientKey { RecipientKey(publicKey: privateKey.publicKey) }

    /// Reads a private key file, refusing one that group or others may read.
    public static func load(_ path: String) throws -> DecryptionKey {
        try KeyFile.requirePrivate(path, purpose: "decryption key", use: "it reads the backups")
        let raw = try KeyFile.read(path, tag: tag)
        do { return DecryptionKey(privateKey: try Curve25519.KeyAgreement.PrivateKey(rawRepresentation: raw)) } catch {
            throw DBError(.invalidTarget, "decryption key \(path) is not an X25519 private key")
        }
    }

    public var fileLine: String { "\(Self.tag) \(privateKey.rawRepresentation.base64EncodedString())\n" }
}
