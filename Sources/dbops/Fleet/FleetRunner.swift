import DBCore
import Foundation

/// Runs one command across the targets a fleet selection names: `--parallel` at once, at
/// most `--per-server` of one server at a time, each target with its own connection,
/// timeouts and job lock. A dead, frozen, wrong-password or lock-held target ends as such
/// and never stalls or fails the others; Ctrl-C starts no new target.
enum FleetRunner {
    /// A few targets at once: enough to hide network waits, few enough for 2 cores.
    static let defaultParallel = 4
    /// One target per server at a time for jobs and analytics: a fleet run never piles
    /// heavy sessions onto one server. Light checks take --parallel.
    static let defaultPerServer = 1

    static func run(
        _ selection: TargetSelection, parent: CommandEnvironment, kind: CommandKind, use: FleetUse,
        body: @escaping (CommandEnvironment) throws -> Int32
    ) throws -> [FleetMember] {
        let parallel = parent.parallel
        let perServer = parent.perServer ?? (use.light ? parallel : defaultPerServer)
        let planned = try plan(selection, kind: kind, serverMember: use.serverMember, templates: use.templates)
        try use.checkMembers?(parent, planned)
        let schedule = FleetSchedule(planned, perServer: perServer)
        // Each member's own output is what the fleet report embeds: JSON inside JSON,
        // Prometheus relabelled, text summarized.
        let format: OutputFormat = parent.format
        let runClock = Stopwatch()
        let done = DispatchGroup()
        for _ in 0..<max(1, min(parallel, schedule.count)) {
            done.enter()
            // Blocking C calls belong on threads of their own, not on a shared pool.
            let thread = Thread {
                while let (index, taken) = schedule.take() {
                    var member = taken
                    member.startedAt = runClock.seconds
                    runOne(&member, parent: parent, format: format, kind: kind, body: body)
                    member.endedAt = runClock.seconds
                    schedule.finish(index, member)
                }
                done.leave()
            }
            thread.stackSize = 8 << 20
            thread.start()
        }
        done.wait()
        var members = schedule.result()
        for index in members.indices where !members[index].started {
            members[index].exitCode = kind == .check ? ExitStatus.unknown : ExitStatus.failed
            members[index].error = ("interrupted", "not started: the run was interrupted")
        }
        return members
    }

    /// The members: each selected target, or each database of a target naming its
    /// server's (and, with `serverMember`, one member first for that server's own part). A
    /// target that cannot be resolved or listed is a member that failed.
    static func plan(
        _ selection: TargetSelection, kind: CommandKind, serverMember: String? = nil, templates: Bool = false
    ) throws -> [FleetMember] {
        var members: [FleetMember] = []
        for entry in try selection.entries() {
            let (name, groups, target, excluded) = (entry.name, entry.groups, entry.target, entry.excluded)
            let server = FleetMember.server(of: target.config)
            guard let databases = entry.databases else {
                members.append(FleetMember(label: name, name: name, groups: groups, target: target, server: server))
                continue
            }
            if let serverMember {
                var whole = target
                whole.config.database = target.config.engine.capabilities.serverDatabase
                whole.label = "\(name)/\(serverMember)"
                var member = FleetMember(label: whole.label, name: name, groups: groups, target: whole, server: server)
                member.part = .server
                members.append(member)
            }
            do {
                for database in try list(target.config, databases: databases, excluded: excluded, templates: templates)
                {
                    var one = target
                    one.config.database = database
                    one.label = "\(name)/\(database)"
                    var member = FleetMember(label: one.label, name: name, groups: groups, target: one, server: server)
                    member.part = serverMember == nil ? .whole : .database
                    members.append(member)
                }
            } catch {
                var failed = FleetMember(label: name, name: name, groups: groups, target: nil, server: server)
                let (code, exit, message) = CommandRunner.classify(error, kind: kind)
                failed.exitCode = exit
                failed.error = (code, "cannot list the databases of \(name): \(message)")
                members.append(failed)
            }
        }
        return members
    }

    /// The server's databases matching `databases` and not `excluded`. A database named
    /// without a wildcard is kept even when the server does not list it: its own run then
    /// fails as a single run would ("does not exist", "access denied"), never silently
    /// dropped. A wildcard is refused when the account's list may leave databases out.
    /// Template databases only when `templates` (whole-server backup).
    static func list(_ config: ConnectionConfig, databases: [String], excluded: [String], templates: Bool = false)
        throws -> [String]
    {
        var server = config
        if server.database == nil { server.database = server.engine.capabilities.serverDatabase }
        let connection = try Database.connect(server)
        defer { connection.close() }
        try connection.apply(SessionSettings(statementTimeout: 10, readOnly: true, catalogOnly: true))
        let listed = try connection.named(.fleetDatabases).rows.compactMap { row in
            templates || row["template"] != "1" ? row["name"] : nil
        }
        let wildcards = databases.filter { $0.contains("*") || $0.contains("?") }
        if !wildcards.isEmpty, let gap = connection.capabilities.databaseListGap(connection) {
            throw DBError(
                .permissionDenied,
                "\(wildcards.joined(separator: ", ")) needs an account that sees every database, and this one \(gap), or name the databases"
            )
        }
        let named = databases.filter { !wildcards.contains($0) && !listed.contains($0) }
        return (listed + named).filter { name in
            databases.contains { Glob.matches($0, name) } && !excluded.contains { Glob.matches($0, name) }
        }
    }

    static func runOne(
        _ member: inout FleetMember, parent: CommandEnvironment, format: OutputFormat, kind: CommandKind,
        body: (CommandEnvironment) throws -> Int32
    ) {
        guard let target = member.target else { return }
        let clock = Stopwatch()
        let environment = CommandEnvironment(
            member: target, of: parent, format: format, part: member.part)
        do {
            member.exitCode = try body(environment)
        } catch {
            let (code, exit, message) = CommandRunner.classify(error, kind: kind)
            member.exitCode = exit
            member.error = (code, message)
        }
        member.output = environment.buffer ?? ""
        member.seconds = clock.seconds
    }
}
