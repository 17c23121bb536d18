import DBCore
import Foundation

/// A PostgreSQL sequence's position, restored with setval().
public struct SequenceValue: Codable, Sendable {
    public var schema: String
    public var name: String
    public var lastValue: Int64
    public var isCalled: Bool
    /// The table whose column owns it (serial, identity, OWNED BY): a restore that
    /// creates a table the target lacks creates these with it. Written as null for a
    /// sequence no table owns; missing altogether in backups made before dbops recorded
    /// owners (`ownerRecorded` false), where no sequence can be told to belong to a table.
    public var ownerSchema: String?
    public var ownerTable: String?
    public var ownerRecorded: Bool

    public init(
        schema: String, name: String, lastValue: Int64, isCalled: Bool, ownerSchema: String? = nil,
        ownerTable: String? = nil, ownerRecorded: Bool = true
    ) {
        self.schema = schema
        self.name = name
        self.lastValue = lastValue
        self.isCalled = isCalled
        self.ownerSchema = ownerSchema
        self.ownerTable = ownerTable
        self.ownerRecorded = ownerRecorded
    }

    /// A sequence the backup records no table owning (one a column default names, say):
    /// it goes with its schema, not with any table.
    public var standalone: Bool { ownerRecorded && ownerTable == nil }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            schema: try c.decode(String.self, forKey: .schema), name: try c.decode(String.self, forKey: .name),
            lastValue: try c.decode(Int64.self, forKey: .lastValue),
            isCalled: try c.decode(Bool.self, forKey: .isCalled),
            ownerSchema: try c.decodeIfPresent(String.self, forKey: .ownerSchema),
            ownerTable: try c.decodeIfPresent(String.self, forKey: .ownerTable),
            ownerRecorded: c.contains(.ownerTable))
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(schema, forKey: .schema)
        try c.encode(name, forKey: .name)
        try c.encode(lastValue, forKey: .lastValue)
        try c.encode(isCalled, forKey: .isCalled)
        guard ownerRecorded else { return }
        try c.encode(ownerSchema, forKey: .ownerSchema)
        try c.encode(ownerTable, forKey: .ownerTable)
    }

    enum CodingKeys: String, CodingKey {
        case schema, name
        case lastValue = "last_value"
        case isCalled = "is_called"
        case ownerSchema = "owner_schema"
        case ownerTable = "owner_table"
    }
}
