import DBCore
import Foundation

/// Roles on the shared PostgreSQL server standing for an application's: an owner and a
/// reader whose names need quoting and hold a quote, as hostile as any, and a stranger.
/// Named with a tag of their own, so tests can run side by side; dropped after the body,
/// which drops the scratch databases holding what they own and were granted.
public struct ApplicationRoles {
    public let tag = UUID().uuidString.prefix(6).lowercased()
    /// Quoted, for SQL.
    public var owner: String { "\"App's owner \(tag)\"" }
    public var reader: String { "\"app reader \(tag)\"" }
    public var stranger: String { "dbops_stranger_\(tag)" }
    /// As the catalog spells them.
    public var ownerName: String { "App's owner \(tag)" }
    public var readerName: String { "app reader \(tag)" }

    public static func with<T>(_ body: (ApplicationRoles) throws -> T) throws -> T {
        let roles = ApplicationRoles()
        let admin = try TestServers.connect(.postgres)
        defer { admin.close() }
        try admin.executeScript(
            "CREATE ROLE \(roles.owner); CREATE ROLE \(roles.reader); CREATE ROLE \(roles.stranger)")
        defer {
            _ = try? admin.executeScript(
                "DROP ROLE \(roles.owner); DROP ROLE \(roles.reader); DROP ROLE \(roles.stranger)")
        }
        return try body(roles)
    }
}
