import Foundation

/// Rows of one dimension value that ended in the range, and how many of them failed.
public struct QueueOutcome: Sendable, Codable, Equatable {
    public var value: String?
    public var finished: Int64
    public var failed: Int64

    /// Failed as a share of those that ended, in percent (nil when none ended).
    public var failurePercent: Double? {
        finished > 0 ? (Double(failed) / Double(finished) * 10_000).rounded() / 100 : nil
    }

    enum CodingKeys: String, CodingKey {
        case value, finished, failed
        case failurePercent = "failure_percent"
    }

    public init(value: String?, finished: Int64, failed: Int64) {
        self.value = value
        self.finished = finished
        self.failed = failed
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        value = try container.decodeIfPresent(String.self, forKey: .value)
        finished = try container.decode(Int64.self, forKey: .finished)
        failed = try container.decode(Int64.self, forKey: .failed)
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(value, forKey: .value)
        try container.encode(finished, forKey: .finished)
        try container.encode(failed, forKey: .failed)
        try container.encode(failurePercent, forKey: .failurePercent)
    }
}
