import DBCore
import Foundation
import History

/// [history]: where snapshots are kept, and for how long.
enum HistorySettings {
    private static let library = SnapshotOptions()

    static let store = Setting(
        "store", .path, shown: "~/.local/share/dbops/history.sqlite", flag: .named("--history"),
        "the history store: an SQLite file, created (mode 0600) when missing, or a postgres:// URL (a shared store; DBOPS_HISTORY_URL may hold one with its password)"
    )
    static let keep = Setting(
        "keep", .duration(86_400...3_650 * 86_400), default: 400 * 86_400,
        "snapshots and analytics days older than this are deleted by each snapshot")
    static let analyticsDays = Setting(
        "analytics_days", .integer(1...3660), default: library.analyticsDays,
        "days of analytics the first snapshot of a target fills in (later ones add the days since)")

    static let recordJobs = Setting(
        "record_jobs", .boolean, default: true, flag: .none,
        "backup, drill, cleanup, archive and partitions record each run in the store, when [history] store is set or the default store exists"
    )

    static let all: [SettingDeclaration] = [store, keep, analyticsDays, recordJobs]

    /// Where the store is: an SQLite file, or a PostgreSQL database (a team's shared store).
    enum Location {
        case file(String)
        case server(ConnectionConfig)

        /// How output and errors name it (never with a password).
        var shown: String {
            switch self {
            case .file(let path): return path
            case .server(let config): return PostgresHistoryStore.describe(config)
            }
        }

        func open(create: Bool = true) throws -> HistoryStore {
            switch self {
            case .file(let path):
                guard create || FileManager.default.fileExists(atPath: path) else {
                    throw UsageError("--history \(path): no history store there (dbops snapshot makes it)")
                }
                return try SQLiteHistoryStore(path: path)
            case .server(let config):
                return try PostgresHistoryStore(config, create: create)
            }
        }
    }

    /// The store: --history, else DBOPS_HISTORY_URL, else [history] store, else the user's
    /// data folder (XDG_DATA_HOME or ~/.local/share), whose dbops folder is made (0700) if
    /// missing and `create`. A postgres:// URL names a database; on the command line and in
    /// the config it must not hold a password (libpq's ~/.pgpass, PGPASSFILE, or the URL in
    /// DBOPS_HISTORY_URL).
    static func location(
        _ flag: String?, _ settings: ConfigSection, environment: [String: String], create: Bool = true
    ) throws -> Location {
        if let flag { return try location(flag, from: "--history", create: create) }
        if let url = environment["DBOPS_HISTORY_URL"], !url.isEmpty {
            return try location(url, from: "DBOPS_HISTORY_URL", create: create, passwordAllowed: true)
        }
        if let given = try store.given(nil, settings) {
            return try location(given, from: "[history] store", create: create)
        }
        return .file(try defaultPath(environment: environment, create: create))
    }

    static func location(_ given: String, from source: String, create: Bool, passwordAllowed: Bool = false) throws
        -> Location
    {
        guard given.hasPrefix("postgres://") || given.hasPrefix("postgresql://") else {
            try FileOption.requireFolder(of: given, option: source)
            return .file(given)
        }
        let config: ConnectionConfig
        do { config = try ConnectionURL.parse(given) } catch let error as DBError {
            throw UsageError("\(source): \(error.message)")
        }
        if config.password != nil && !passwordAllowed {
            throw UsageError(
                "\(source) must not hold a password (visible in ps or in the file): use ~/.pgpass, PGPASSFILE, or the URL in DBOPS_HISTORY_URL"
            )
        }
        return .server(config)
    }

    /// ~/.local/share/dbops/history.sqlite (or under XDG_DATA_HOME).
    static func defaultPath(environment: [String: String], create: Bool) throws -> String {
        let base =
            environment["XDG_DATA_HOME"].flatMap { $0.isEmpty ? nil : $0 }
            ?? ((environment["HOME"] ?? NSHomeDirectory()) as NSString).appendingPathComponent(".local/share")
        let folder = (base as NSString).appendingPathComponent("dbops")
        if create {
            do {
                try FileManager.default.createDirectory(
                    atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            } catch {
                throw UsageError("--history: cannot create \(folder): \(FileErrorText.of(error))")
            }
        }
        return (folder as NSString).appendingPathComponent("history.sqlite")
    }

    /// The store history and report read: it must exist (snapshot makes it).
    static func existingStore(_ flag: String?, _ environment: CommandEnvironment) throws -> (HistoryStore, String) {
        let where_ = try location(
            flag, environment.settings("history"), environment: environment.environment, create: false)
        return (try where_.open(create: false), where_.shown)
    }
}
