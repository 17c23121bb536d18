import DBCore
import Foundation

/// What a server holds outside its databases, as the statements that recreate it: roles
/// or accounts with their attributes and settings, who is a member of what, privileges
/// on whole servers, and each database's own definition (encoding, owner, privileges).
/// Written to a whole-server backup's globals folder; restored before the databases.
public struct ServerGlobals: Codable, Sendable, Equatable {
    public static let fileName = "schema/globals.json.zst"

    public var engine: Engine
    /// Whether password hashes were kept (`--role-passwords`); without them, MySQL
    /// accounts that had one are created locked.
    public var passwords: Bool
    /// Each role or account, and the statements that create it (when missing) and give it
    /// the source's attributes and server-wide settings.
    public var roles: [Role]
    /// Memberships and privileges, run once every role exists.
    public var grants: [String]
    public var databases: [DatabaseDefinition]
    /// PostgreSQL: the tablespaces, made (when missing) after the roles and before the
    /// databases. Absent in backups made before dbops recorded them.
    public var tablespaces: [Tablespace]?
    public var warnings: [String]

    public struct Role: Codable, Sendable, Equatable {
        public var name: String
        public var statements: [String]
    }

    public struct DatabaseDefinition: Codable, Sendable, Equatable {
        public var name: String
        /// CREATE DATABASE as the source has it; run only when the target lacks it.
        public var create: String
        /// Privileges and settings of the database (and of roles in it), run after its rows
        /// are restored.
        public var after: [String]
        /// PostgreSQL: " TABLESPACE = name" for a database whose default tablespace is not
        /// pg_default, added to `create` unless --no-tablespaces.
        public var tablespace: String?
    }

    public struct Tablespace: Codable, Sendable, Equatable {
        public var name: String
        /// CREATE TABLESPACE as the source has it; run only when the target lacks it.
        public var create: String
        /// Its options, comment and privileges.
        public var after: [String]
    }

    public init(
        engine: Engine, passwords: Bool, roles: [Role] = [], grants: [String] = [],
        databases: [DatabaseDefinition] = [], tablespaces: [Tablespace]? = nil, warnings: [String] = []
    ) {
        self.engine = engine
        self.passwords = passwords
        self.roles = roles
        self.grants = grants
        self.databases = databases
        self.tablespaces = tablespaces
        self.warnings = warnings
    }

    public var roleNames: [String] { roles.map(\.name) }
}
