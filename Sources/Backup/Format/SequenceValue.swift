import DBCore
import Foundation

/// A PostgreSQL sequence's position, restored with setval().
public struct SequenceValue: Codable, Sendable {
    public var schema: String
    public var name: String
    public var lastValue: Int64
    public var isCalled: Bool

    enum CodingKeys: String, CodingKey {
        case schema, name
        case lastValue = "last_value"
        case isCalled = "is_called"
    }
}
