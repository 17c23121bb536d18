import DBCore
import Foundation

public struct ColumnEntry: Codable, Sendable, Equatable {
    public var name: String
    public var type: String
    /// How the value travels: "raw" (text form), "bit" (MySQL BIT as an unsigned number),
    /// "hex" (MySQL spatial types, as hex).
    public var transfer: String

    public init(name: String, type: String, transfer: String = "raw") {
        self.name = name
        self.type = type
        self.transfer = transfer
    }
}
