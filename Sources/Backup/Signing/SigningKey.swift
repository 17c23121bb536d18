import Crypto
import DBCore
import Foundation

/// An Ed25519 key pair for signing backup manifests, in dbops' key files (KeyFile): the
/// line `dbops-ed25519-private <base64>` (mode 0600, never readable by group or others) or
/// `dbops-ed25519-public <base64>`. A key is named by its id, the first 16 hex digits of
/// the SHA-256 of its public key, which signatures carry so a wrong key is named.
public struct SigningKey: @unchecked Sendable {  // immutable
    public static let privateTag = "dbops-ed25519-private"
    public static let publicTag = "dbops-ed25519-public"

    public let privateKey: Curve25519.Signing.PrivateKey

    public init() { privateKey = Curve25519.Signing.PrivateKey() }

    public var publicKey: TrustedKey { TrustedKey(publicKey: privateKey.publicKey) }

    /// Reads a private key file, refusing one that group or others may read.
    public static func load(_ path: String) throws -> SigningKey {
        try KeyFile.requirePrivate(path, purpose: "signing key", use: "it signs backups")
        let raw = try KeyFile.read(path, tag: privateTag)
        do { return SigningKey(privateKey: try Curve25519.Signing.PrivateKey(rawRepresentation: raw)) } catch {
            throw DBError(.invalidTarget, "signing key \(path) is not an Ed25519 private key")
        }
    }

    init(privateKey: Curve25519.Signing.PrivateKey) { self.privateKey = privateKey }

    /// The key's line in a key file.
    public var fileLine: String { "\(Self.privateTag) \(privateKey.rawRepresentation.base64EncodedString())\n" }
}
