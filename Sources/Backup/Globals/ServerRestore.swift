import DBCore
import Foundation

/// `dbops restore --all-databases FOLDER`: a whole-server backup (one server's folder of a
/// fleet tree) onto a server — its globals first (roles, memberships, settings), then for
/// each chosen database the newest complete backup, into the database of that name
/// (created from the source's definition when missing, refused when not empty, as a
/// single restore is), then that database's privileges. One database failing does not
/// stop the others; the report says which.
public enum ServerRestore {
    public struct Plan: Sendable {
        public var globals: String?
        /// Database name and the backup folder restored into it, in name order.
        public var databases: [(name: String, backup: String)]
        /// Backups that never completed (killed or still running): never restored, but said.
        public var incomplete: [String] = []
        /// A database whose backups all hold part of it (chosen tables, the schema alone):
        /// its newest is restored, and said.
        public var partial: [String] = []
    }

    /// The newest complete backup of each database and of the globals below `folder`: its
    /// newest whole one, when it has any, rather than a newer backup of chosen tables (or
    /// one taken while a restore into the database was unfinished, which would be refused).
    /// Every backup's manifest is checked first: a damaged one is an error, never passed
    /// over for an older backup of the same database.
    public static func plan(_ folder: String, engine: Engine, databases patterns: [String]) throws -> Plan {
        var newest: [String: (whole: Bool, at: Date, path: String, selection: String)] = [:]
        var servers = Set<String>()
        var incomplete: [String] = []
        for path in try BackupPrune.candidates(folder) {
            let hasManifest = FileManager.default.fileExists(
                atPath: (path as NSString).appendingPathComponent(BackupManifest.fileName))
            guard hasManifest else {  // an interrupted backup: never a candidate
                incomplete.append(path)
                continue
            }
            let manifest = try BackupVerifier.loadManifest(path)
            try BackupVerifier.requireContents(manifest, path)
            guard manifest.engine == engine else {
                throw DBError(
                    .invalidTarget,
                    "\(path) is a backup of a \(manifest.engine.displayName) server; the target is \(engine.displayName)"
                )
            }
            servers.insert(manifest.source.map(BackupOrigin.server) ?? "")
            let key = manifest.isGlobals ? "" : manifest.database
            let selection = manifest.options.selection
            let candidate = (
                whole: manifest.holdsWholeDatabase, at: manifest.completedAt, path: path, selection: selection
            )
            if let known = newest[key],
                (known.whole ? 1 : 0, known.at, known.path) >= (candidate.whole ? 1 : 0, candidate.at, candidate.path)
            {
                continue
            }
            newest[key] = candidate
        }
        guard servers.count <= 1 else {
            throw DBError(
                .invalidTarget,
                "\(folder) holds backups of several servers (\(servers.sorted().joined(separator: ", "))): name one server's folder"
            )
        }
        var plan = Plan(globals: newest[""]?.path, databases: [], incomplete: incomplete)
        for (name, found) in newest.sorted(by: { $0.key < $1.key }) where !name.isEmpty {
            if patterns.isEmpty || patterns.contains(where: { Glob.matches($0, name) }) {
                plan.databases.append((name, found.path))
                if !found.selection.isEmpty {
                    plan.partial.append(
                        "\(name): \(folder) holds no backup of the whole database; its newest (\(found.selection)), \(found.path), is what is restored"
                    )
                }
            }
        }
        for pattern in patterns where !newest.keys.contains(where: { !$0.isEmpty && Glob.matches(pattern, $0) }) {
            throw DBError(.invalidTarget, "--database \(pattern): \(folder) holds no backup of such a database")
        }
        guard plan.globals != nil || !plan.databases.isEmpty else {
            throw DBError(.invalidTarget, "\(folder) holds no complete dbops backup")
        }
        return plan
    }

    public static func run(
        _ target: ConnectionConfig, plan: Plan, restoreGlobals: Bool, options: RestoreOptions,
        onDatabase: (ServerRestoreReport.Entry) -> Void = { _ in }
    ) throws -> ServerRestoreReport {
        let config = target.engine.globals.writable(target)
        var report = ServerRestoreReport(globals: nil, roles: 0, databases: [], warnings: [])
        report.warnings += plan.incomplete.map { "\($0) is an incomplete backup (no manifest.json): not restored" }
        report.warnings += plan.partial
        var globals: ServerGlobals?
        if let path = plan.globals {
            let (read, _) = try GlobalsBackup.read(path)
            globals = read
            if restoreGlobals {
                report.warnings += try GlobalsRestore.applyRoles(read, config: config)
                if !options.noTablespaces { try GlobalsRestore.applyTablespaces(read, config: config) }
                report.globals = path
                report.roles = read.roles.count
                report.warnings += read.warnings
            }
        }
        for (name, backup) in plan.databases {
            var entry = ServerRestoreReport.Entry(name: name, backup: backup, state: "not started")
            defer {
                report.databases.append(entry)
                onDatabase(entry)
            }
            if Interruption.shared.isInterrupted { continue }
            let clock = Stopwatch()
            let definition = globals?.databases.first { $0.name == name }
            do {
                entry.created = try GlobalsRestore.createDatabase(
                    name, definition: definition, tablespaces: !options.noTablespaces, config: config)
                var target = config
                target.database = name
                var one = options
                one.input = backup
                let summary = try RestoreRunner.run(target, options: one)
                if restoreGlobals, let definition { try GlobalsRestore.finishDatabase(definition, config: config) }
                entry.state = "restored"
                entry.tables = summary.tables
                entry.rows = summary.rows
                report.warnings += summary.warnings.map { "\(name): \($0)" }
            } catch {
                entry.state = "failed"
                entry.error = DBError.oneLineDescription(of: error)
            }
            entry.seconds = clock.seconds
        }
        if restoreGlobals, let globals {
            do { try GlobalsRestore.applyLast(globals, config: config) } catch {
                report.warnings.append(
                    "the settings for every role were not applied: \(DBError.oneLineDescription(of: error))")
            }
        }
        return report
    }
}
