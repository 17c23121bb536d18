import Crypto
import DBCore
import Foundation

/// The manifest's `encryption` block: how the backup's files are encrypted and its content
/// key sealed to each recipient. HPKE (RFC 9180) base mode with DHKEM(X25519, HKDF-SHA256),
/// HKDF-SHA256 and ChaCha20-Poly1305 seals the 32-byte content key, with the recipient's
/// key id as associated data; the files are ChaCha20-Poly1305 in chunks (ChunkSealer).
public struct BackupEncryption: Codable, Sendable, Equatable {
    public static let schemeName = "dbops-x25519-hpke-chacha20poly1305-v1"
    static let ciphersuite = HPKE.Ciphersuite.Curve25519_SHA256_ChachaPoly
    static let info = Data("dbops backup content key v1".utf8)

    public var scheme: String
    /// Plaintext bytes per encrypted chunk.
    public var chunkBytes: Int
    public var recipients: [SealedDataKey]

    enum CodingKeys: String, CodingKey {
        case scheme, recipients
        case chunkBytes = "chunk_bytes"
    }

    public var keyIDs: [String] { recipients.map(\.keyID) }

    /// Gives `sink` a fresh content key for its files and returns the key sealed to
    /// `recipients` for the manifest; nil (nothing encrypted) without recipients.
    static func start(_ sink: BackupSink, to recipients: [RecipientKey]) throws -> BackupEncryption? {
        guard !recipients.isEmpty else { return nil }
        let key = ContentKey.random()
        let sealed = try seal(key, to: recipients)
        sink.contentKey = key
        return sealed
    }

    /// Seals `key` to every recipient.
    public static func seal(_ key: ContentKey, to recipients: [RecipientKey]) throws -> BackupEncryption {
        guard !recipients.isEmpty else { throw DBError(.invalidTarget, "encryption needs at least one public key") }
        let sealed = try recipients.map { recipient -> SealedDataKey in
            var sender = try HPKE.Sender(recipientKey: recipient.publicKey, ciphersuite: ciphersuite, info: info)
            let box = try sender.seal(key.raw, authenticating: Data(recipient.id.utf8))
            return SealedDataKey(keyID: recipient.id, encapsulatedKey: sender.encapsulatedKey, sealedKey: box)
        }
        return BackupEncryption(scheme: schemeName, chunkBytes: ChunkSealer.plainChunk, recipients: sealed)
    }

    /// The content key, opened with whichever of `keys` the backup was encrypted to; nil
    /// when no key was given. A key that is not a recipient, or a sealed key that does not
    /// open, is refused here, before anything is read or restored.
    public func unlock(with keys: [DecryptionKey], where place: String) throws -> ContentKey? {
        guard scheme == Self.schemeName, chunkBytes == ChunkSealer.plainChunk else {
            throw DBError(
                .unsupported,
                "\(place) is encrypted with \(scheme) (\(chunkBytes)-byte chunks); this dbops reads \(Self.schemeName)")
        }
        guard !keys.isEmpty else { return nil }
        for key in keys {
            let id = key.recipient.id
            guard let sealed = recipients.first(where: { $0.keyID == id }) else { continue }
            do {
                var recipient = try HPKE.Recipient(
                    privateKey: key.privateKey, ciphersuite: Self.ciphersuite, info: Self.info,
                    encapsulatedKey: sealed.encapsulatedKey)
                let raw = try recipient.open(sealed.sealedKey, authenticating: Data(id.utf8))
                if let content = ContentKey(raw: raw) { return content }
            } catch {}
            throw DBError(
                .corrupt,
                "\(place): the content key sealed to key \(id) does not open (the manifest's encryption block was changed or damaged)"
            )
        }
        throw DBError(
            .invalidTarget,
            "\(place) is encrypted to key \(keyIDs.joined(separator: ", ")), not to the key given (\(keys.map(\.recipient.id).joined(separator: ", ")))"
        )
    }
}
