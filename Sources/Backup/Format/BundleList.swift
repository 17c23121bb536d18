import Foundation

/// The workers' bundles, closed together once every table is copied (or abandoned with the
/// backup).
final class BundleList: @unchecked Sendable {
    private let lock = NSLock()
    private var bundles: [BundleWriter] = []

    func add(_ bundle: BundleWriter) -> BundleWriter {
        lock.withLock { bundles.append(bundle) }
        return bundle
    }

    func closeAll() throws {
        for bundle in lock.withLock({ bundles }) { try bundle.close() }
    }

    func abandonAll() {
        for bundle in lock.withLock({ bundles }) { bundle.abandon() }
    }
}
