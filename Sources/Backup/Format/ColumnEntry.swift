import DBCore
import Foundation

public struct ColumnEntry: Codable, Sendable, Equatable {
    public var name: String
    public var type: String
    /// How the value travels: "raw" (text form), "bit" (MySQL BIT as an unsigned number),
    /// "hex" (MySQL spatial types, as hex), "float" (MySQL FLOAT read as the DOUBLE it
    /// exactly is, and loaded as text: the server writes a FLOAT with six digits, so
    /// 16777216 read back as 16777200). A dbops that does not know "float" loads it as raw,
    /// which is right. "enum_index" (a MySQL ENUM with a '' label, by its index: '' would
    /// not say whether it is that label or the error value at index 0).
    public var transfer: String

    public init(name: String, type: String, transfer: String = "raw") {
        self.name = name
        self.type = type
        self.transfer = transfer
    }
}
