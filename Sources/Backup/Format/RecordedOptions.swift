import DBCore
import Foundation

public struct RecordedOptions: Codable, Sendable {
    public var schemaOnly: Bool
    public var dataOnly: Bool
    public var include: [String]
    public var exclude: [String]
    public var zstdLevel: Int

    enum CodingKeys: String, CodingKey {
        case include, exclude
        case schemaOnly = "schema_only"
        case dataOnly = "data_only"
        case zstdLevel = "zstd_level"
    }
}
