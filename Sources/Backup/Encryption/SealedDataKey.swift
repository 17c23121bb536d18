import Foundation

/// A backup's content key sealed to one recipient with HPKE: the key's id, the
/// encapsulated (ephemeral) public key, and the sealed content key with its tag.
public struct SealedDataKey: Codable, Sendable, Equatable {
    public var keyID: String
    public var encapsulatedKey: Data
    public var sealedKey: Data

    enum CodingKeys: String, CodingKey {
        case keyID = "key_id"
        case encapsulatedKey = "encapsulated_key"
        case sealedKey = "sealed_key"
    }
}
