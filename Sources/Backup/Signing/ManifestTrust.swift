import Foundation

/// The keys verify and restore accept, set once by the command line (`--trusted-key`):
/// every manifest read while any is set must carry a signature by one of them.
public final class ManifestTrust: @unchecked Sendable {
    public static let shared = ManifestTrust()
    private let lock = NSLock()
    private var keys: [TrustedKey] = []

    public var trusted: [TrustedKey] {
        lock.lock()
        defer { lock.unlock() }
        return keys
    }

    public func trust(_ keys: [TrustedKey]) {
        lock.lock()
        self.keys = keys
        lock.unlock()
    }
}
