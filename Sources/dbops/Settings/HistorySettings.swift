import Foundation
import History

/// [history]: where snapshots are kept, and for how long.
enum HistorySettings {
    private static let library = SnapshotOptions()

    static let store = Setting(
        "store", .path, shown: "~/.local/share/dbops/history.sqlite", flag: .named("--history"),
        "the history store: an SQLite file, created (mode 0600) when missing")
    static let keep = Setting(
        "keep", .duration(86_400...3_650 * 86_400), default: 400 * 86_400,
        "snapshots and analytics days older than this are deleted by each snapshot")
    static let analyticsDays = Setting(
        "analytics_days", .integer(1...3660), default: library.analyticsDays,
        "days of analytics the first snapshot of a target fills in (later ones add the days since)")

    static let all: [SettingDeclaration] = [store, keep, analyticsDays]

    /// The store history and report read: it must exist (snapshot makes it).
    static func existingStore(_ flag: String?, _ environment: CommandEnvironment) throws -> SQLiteHistoryStore {
        let path = try storePath(
            flag, environment.settings("history"), environment: environment.environment, create: false)
        guard FileManager.default.fileExists(atPath: path) else {
            throw UsageError("--history \(path): no history store there (dbops snapshot makes it)")
        }
        return try SQLiteHistoryStore(path: path)
    }

    /// The store's path: --history, else [history] store, else the user's data folder
    /// (XDG_DATA_HOME or ~/.local/share), whose dbops folder is made (0700) if missing and
    /// `create`.
    static func storePath(
        _ flag: String?, _ settings: ConfigSection, environment: [String: String], create: Bool = true
    ) throws -> String {
        if let given = try store.given(flag, settings) {
            try FileOption.requireFolder(of: given, option: "--history")
            return given
        }
        let base =
            environment["XDG_DATA_HOME"].flatMap { $0.isEmpty ? nil : $0 }
            ?? ((environment["HOME"] ?? NSHomeDirectory()) as NSString).appendingPathComponent(".local/share")
        let folder = (base as NSString).appendingPathComponent("dbops")
        if create {
            do {
                try FileManager.default.createDirectory(
                    atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            } catch {
                throw UsageError("--history: cannot create \(folder): \(error.localizedDescription)")
            }
        }
        return (folder as NSString).appendingPathComponent("history.sqlite")
    }
}
