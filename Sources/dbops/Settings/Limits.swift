import DBCore
import Foundation

/// The ranges options are held to, in one place.
enum Limits {
    static let connectTimeout: ClosedRange<Double> = 1...3600
    static let stallTimeout: ClosedRange<Double> = 1...86_400
    static let statementTimeout: ClosedRange<Double> = 0.001...604_800
    static let lockTimeout: ClosedRange<Double> = 0.001...3600
    static let pause: ClosedRange<Double> = 0...3600
    static let maxRuntime: ClosedRange<Double> = 1...(30 * 86_400)
    static let maxLag: ClosedRange<Double> = 0.001...86_400
    static let age: ClosedRange<Double> = 0...(100 * 365.25 * 86_400)
    static let batchSize: ClosedRange<Int> = 1...1_000_000
    static let jobs: ClosedRange<Int> = 1...64
    static let zstdLevel: ClosedRange<Int> = 1...19
    static let zstdThreads: ClosedRange<Int> = 0...64
    static let premake: ClosedRange<Int> = 0...120
    static let top: ClosedRange<Int> = 1...10_000
    static let limit: ClosedRange<Int> = 1...100_000
    static let keep: ClosedRange<Int> = 0...100_000
    static let count: ClosedRange<Int> = 1...10_000
    static let parallel: ClosedRange<Int> = 1...64
    static let chunkSize: ClosedRange<Int64> = (1 << 20)...(1 << 40)
    static let bundleLimit: ClosedRange<Int64> = 0...(1 << 30)
}
