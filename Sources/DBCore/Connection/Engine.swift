/// The two families of servers dbops speaks to.
public enum Engine: String, Codable, Sendable, CaseIterable {
    case postgres
    case mysql

    /// Folder name under `queries/` holding this engine's SQL.
    public var queryFolder: String { rawValue }

    /// The engine as people name it.
    public var displayName: String { self == .postgres ? "PostgreSQL" : "MySQL/MariaDB" }
}

/// What is actually on the other end of a connection.
public enum ServerFlavor: String, Codable, Sendable {
    case postgresql = "PostgreSQL"
    case mariadb = "MariaDB"
    case mysql = "MySQL"

    /// Folder under `queries/` for flavour-specific SQL.
    public var folder: String {
        switch self {
        case .postgresql: return "postgres"
        case .mariadb: return "mariadb"
        case .mysql: return "mysql"
        }
    }
}

public struct ServerInfo: Codable, Sendable, Equatable {
    public var flavor: ServerFlavor
    /// Human form, e.g. "15.18" or "10.11.19-MariaDB-0+deb12u1".
    public var version: String
    /// Comparable form: PostgreSQL's server_version_num (150018), MySQL's 100RRPP (101119).
    public var versionNumber: Int

    public init(flavor: ServerFlavor, version: String, versionNumber: Int) {
        self.flavor = flavor
        self.version = version
        self.versionNumber = versionNumber
    }

    public var engine: Engine { flavor == .postgresql ? .postgres : .mysql }
    public var description: String { "\(flavor.rawValue) \(version)" }
    /// MariaDB (10.3 on) takes `lock_wait_timeout = 0`, a metadata lock tried once (ALTER's
    /// NOWAIT); MySQL waits one second at least.
    public var triesMetadataLocksWithoutWaiting: Bool { flavor == .mariadb }

    // snake_case like every other key dbops writes; `versionNumber` (before the v2 schemas)
    // is still read, so older backup manifests load.
    enum CodingKeys: String, CodingKey {
        case flavor, version
        case versionNumber = "version_number"
    }

    enum LegacyKeys: String, CodingKey { case versionNumber }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        flavor = try c.decode(ServerFlavor.self, forKey: .flavor)
        version = try c.decode(String.self, forKey: .version)
        if let number = try c.decodeIfPresent(Int.self, forKey: .versionNumber) {
            versionNumber = number
        } else {
            versionNumber = try decoder.container(keyedBy: LegacyKeys.self).decode(Int.self, forKey: .versionNumber)
        }
    }

    /// (major, minor) for MySQL/MariaDB, e.g. (10, 11) or (8, 0); (major, 0) for PostgreSQL.
    public var majorMinor: (Int, Int) { (versionNumber / 10000, versionNumber % 10000 / 100) }
}
