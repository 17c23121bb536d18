/// A statement of `queries/`, by its path below the engine folder ("health/connections").
/// The build plugin (QueryEmbedder) declares one constant per file (`.healthConnections`),
/// so a misspelt name does not compile; there is no way to make one from a string outside
/// this module.
public struct QueryName: Hashable, Sendable, CustomStringConvertible {
    public let path: String

    init(_ path: String) { self.path = path }

    public var description: String { path }

    /// Every statement the binary carries.
    public static var all: [QueryName] { generatedAll }
}
