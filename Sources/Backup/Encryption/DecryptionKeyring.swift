import Foundation

/// The private keys verify and restore may open encrypted backups with, set once by the
/// command line (`--decrypt-with`). Every manifest read while any is set has its content
/// key unlocked with them (BackupVerifier.loadManifest).
public final class DecryptionKeyring: @unchecked Sendable {
    public static let shared = DecryptionKeyring()
    private let lock = NSLock()
    private var held: [DecryptionKey] = []

    public var keys: [DecryptionKey] {
        lock.lock()
        defer { lock.unlock() }
        return held
    }

    public func hold(_ keys: [DecryptionKey]) {
        lock.lock()
        held = keys
        lock.unlock()
    }
}
