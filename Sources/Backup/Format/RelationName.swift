import Foundation

/// A relation's schema and name, kept apart (a name may hold dots and quotes): in the
/// manifest, a partition's partitioned ancestors.
public struct RelationName: Codable, Sendable, Hashable {
    public var schema: String
    public var name: String

    public init(schema: String, name: String) {
        self.schema = schema
        self.name = name
    }

    public var qualifiedName: String { "\(schema).\(name)" }
}
