import DBCore
import Foundation

/// Which config targets a fleet run works on: `--target` repeated or with `*` and `?`,
/// `--group NAME` (a target's `groups`), `--all-targets`; and, for a target naming a whole server
/// (`databases = "*"` or a list of names and globs, less `exclude_databases`), one target
/// per database, listed when the run starts.
struct TargetSelection {
    let global: GlobalOptions
    let configFile: ConfigFile?
    let environment: [String: String]
    /// --all-databases makes a fleet of the server's databases; false for the commands that
    /// read it themselves (slow-queries: every database's statements in one report;
    /// restore: a whole-server backup's folder).
    var expandsAllDatabases = true

    private var allDatabases: Bool { global.allDatabases && expandsAllDatabases }

    var isFleet: Bool {
        get throws {
            if global.targets.count > 1 || !global.groups.isEmpty || global.allTargets || allDatabases {
                return true
            }
            guard let only = global.targets.first else { return false }
            if Self.isPattern(only) { return true }
            guard let configFile, configFile.targetNames.contains(only) else { return false }
            return try configFile.target(only).values["databases"] != nil
        }
    }

    /// One selected target: its server's databases are listed when `databases` is set.
    struct Entry {
        let name: String
        let groups: [String]
        let target: ResolvedTarget
        let databases: [String]?
        let excluded: [String]
    }

    /// The selected targets; with --all-databases, every database of each (of the one
    /// server --url, DBOPS_URL or DATABASE_URL names, when no target is selected).
    func entries() throws -> [Entry] {
        if allDatabases && global.targets.isEmpty && Self.isOneServer(global) {
            var target = try TargetResolver(options: global, configFile: configFile, environment: environment).resolve()
            let name = target.targetName ?? FleetMember.server(of: target.config)
            target.targetName = target.targetName ?? name
            return [Entry(name: name, groups: [], target: target, databases: ["*"], excluded: [])]
        }
        return try names().map { name in
            let (target, databases, excluded) = try resolve(name)
            return Entry(
                name: name, groups: groups(of: name), target: target,
                databases: allDatabases ? ["*"] : databases, excluded: excluded)
        }
    }

    /// At most one target, named without a pattern, and no group: one server.
    static func isOneServer(_ global: GlobalOptions) -> Bool {
        global.targets.count <= 1 && !global.targets.contains(where: isPattern) && global.groups.isEmpty
            && !global.allTargets
    }

    static func isPattern(_ name: String) -> Bool { name.contains("*") || name.contains("?") }

    /// The selected config targets, in the file's order, each once. A selector that
    /// matches nothing is a usage error naming it.
    func names() throws -> [String] {
        guard let configFile else {
            throw UsageError(
                "--target, --group and --all-targets select targets of a config file: give --config or set DBOPS_CONFIG"
            )
        }
        if global.url != nil {
            throw UsageError("--url names one server: it does not go with --group, --all-targets or several --target")
        }
        let all = configFile.targetNames
        var chosen = Set<String>()
        if global.allTargets { chosen.formUnion(all) }
        for pattern in global.targets {
            let matched = all.filter { Glob.matches(pattern, $0) }
            guard !matched.isEmpty else {
                throw UsageError(
                    "--target \(pattern) matches no target in \(configFile.path) (targets: \(all.joined(separator: ", ")))"
                )
            }
            chosen.formUnion(matched)
        }
        for group in global.groups {
            let matched = try all.filter { try (configFile.target($0).strings("groups") ?? []).contains(group) }
            guard !matched.isEmpty else {
                throw UsageError("--group \(group): no target in \(configFile.path) has that group")
            }
            chosen.formUnion(matched)
        }
        return all.filter(chosen.contains)
    }

    /// A target's own groups (for labels).
    func groups(of name: String) -> [String] {
        (try? configFile?.target(name).strings("groups")) ?? nil ?? []
    }

    /// The target as configured; `databases` asks for its server's databases to be listed.
    func resolve(_ name: String) throws -> (target: ResolvedTarget, databases: [String]?, excluded: [String]) {
        var options = global
        options.targets = [name]
        let target = try TargetResolver(options: options, configFile: configFile, environment: environment).resolve()
        guard let entry = try configFile?.target(name) else { return (target, nil, []) }
        var databases: [String]?
        switch entry.values["databases"] {
        case .string(let one)?: databases = [one]
        case .array?: databases = try entry.strings("databases")
        case nil: databases = nil
        default:
            throw UsageError("config: [targets.\(name)] databases must be \"*\", a name or a list of names and globs")
        }
        return (target, databases, try entry.strings("exclude_databases") ?? [])
    }
}
