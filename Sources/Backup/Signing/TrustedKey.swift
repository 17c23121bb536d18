import Crypto
import DBCore
import Foundation

/// A public key whose signatures verify and restore accept (`--trusted-key`).
public struct TrustedKey: @unchecked Sendable, Equatable {  // immutable
    public let publicKey: Curve25519.Signing.PublicKey

    public init(publicKey: Curve25519.Signing.PublicKey) { self.publicKey = publicKey }

    public static func load(_ path: String) throws -> TrustedKey {
        let raw = try KeyFile.read(path, tag: SigningKey.publicTag)
        do { return TrustedKey(publicKey: try Curve25519.Signing.PublicKey(rawRepresentation: raw)) } catch {
            throw DBError(.invalidTarget, "trusted key \(path) is not an Ed25519 public key")
        }
    }

    public var id: String { String(SHA256.hash(data: publicKey.rawRepresentation).hexString.prefix(16)) }
    public var fileLine: String { "\(SigningKey.publicTag) \(publicKey.rawRepresentation.base64EncodedString())\n" }

    public static func == (lhs: TrustedKey, rhs: TrustedKey) -> Bool {
        lhs.publicKey.rawRepresentation == rhs.publicKey.rawRepresentation
    }
}
