import DBCore
import Foundation

/// One target of a fleet run and how it ended.
struct FleetMember {
    /// "name" or "name/database" for a target listing its server's databases.
    let label: String
    let name: String?
    let groups: [String]
    let target: ResolvedTarget?
    /// host:port (or the socket): at most --per-server members of one server run at once.
    let server: String
    var exitCode: Int32 = 0
    /// The member's own output, in the run's format.
    var output = ""
    /// Why it ended without a report (one line), if it did.
    var error: (code: String, message: String)?
    var seconds = 0.0
    /// When it started and ended, in seconds since the fleet run began (the report shows
    /// how --parallel and --per-server were kept).
    var startedAt = 0.0
    var endedAt = 0.0
    var started = false
    /// Which part of its target the member covers.
    var part = Part.whole

    enum Part {
        /// The target as it is (one database, or whatever the command does with it).
        case whole
        /// The server's own part: backup, its globals; health, the server-wide checks.
        case server
        /// One listed database, without the server's part (its server member has that).
        case database
    }

    /// How a server's globals are named where a database's name would be: `{database}` in
    /// a backup's folder, the label. No database name becomes this (backup folder names
    /// replace "@"), so it never collides with one.
    static let globalsName = "@globals"
    /// The label of a server's member in a fleet health run.
    static let serverName = "@server"

    init(label: String, name: String?, groups: [String], target: ResolvedTarget?, server: String) {
        self.label = FlatText.line(label)  // as ResolvedTarget's: a name is data
        self.name = name
        self.groups = groups
        self.target = target
        self.server = server
    }

    static func server(of config: ConnectionConfig) -> String {
        if let socket = config.socket { return socket }
        return "\(config.host ?? "localhost"):\(config.port ?? config.engine.capabilities.defaultPort)"
    }
}
