import DBCore
import Foundation

/// What a running command needs from the outside world: options, config, target, output.
final class CommandEnvironment {
    let global: GlobalOptions
    let configFile: ConfigFile?
    let format: OutputFormat
    let environment: [String: String]
    /// Fleet runs: targets at once, and of one server at once (checked on every run, so a
    /// bad value is refused whether or not the selection turns out to be a fleet).
    let parallel: Int
    /// Given (flag or config); else the command's default (FleetUse.light).
    let perServer: Int?
    private var resolved: ResolvedTarget?
    /// With --output FILE: what the command writes, collected for the file.
    var buffer: String?
    /// One target of a fleet run (its output goes into the fleet's report).
    private(set) var isFleetMember = false
    /// Which part of its target a fleet member covers (FleetMember.Part).
    private(set) var part = FleetMember.Part.whole

    init(global: GlobalOptions, environment: [String: String] = ProcessInfo.processInfo.environment) throws {
        self.global = global
        self.environment = environment
        if let path = global.config ?? environment["DBOPS_CONFIG"].flatMap({ $0.isEmpty ? nil : $0 }) {
            configFile = try ConfigFile(path: path)
        } else {
            configFile = nil
        }
        let defaults = configFile?.defaults ?? .empty
        format = try DefaultsSettings.format.resolve(global.format, defaults) ?? .text
        parallel = try DefaultsSettings.parallel.resolve(global.parallel, defaults) ?? FleetRunner.defaultParallel
        perServer = try DefaultsSettings.perServer.given(global.perServer, defaults)
        if let directory = try DefaultsSettings.queriesDir.given(global.queriesDir, defaults) {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue
            else {
                throw UsageError("queries folder \(directory) does not exist")
            }
            QueryCatalog.shared.queriesDirectory = directory
        }
    }

    /// One target of a fleet run: the run's config and format, this target fixed, its
    /// output collected for the fleet report.
    init(member target: ResolvedTarget, of parent: CommandEnvironment, format: OutputFormat, part: FleetMember.Part) {
        global = parent.global
        environment = parent.environment
        configFile = parent.configFile
        self.format = format
        parallel = parent.parallel
        perServer = parent.perServer
        resolved = target
        buffer = ""
        isFleetMember = true
        self.part = part
    }

    /// The targets this run selects, when it is a fleet run (several targets, a glob, a
    /// group, --all-targets, or a target listing its server's databases); nil for one target.
    func fleet(expandingAllDatabases: Bool = true) throws -> TargetSelection? {
        var selection = TargetSelection(global: global, configFile: configFile, environment: environment)
        selection.expandsAllDatabases = expandingAllDatabases
        return try selection.isFleet ? selection : nil
    }

    func target() throws -> ResolvedTarget {
        if let resolved { return resolved }
        let target = try TargetResolver(options: global, configFile: configFile, environment: environment).resolve()
        resolved = target
        return target
    }

    /// [job] settings from the config file, with the target's own overrides merged in.
    func settings(_ job: String) -> ConfigSection {
        configFile?.job(job, target: resolved?.targetName ?? global.target) ?? .empty
    }

    var stdoutIsTerminal: Bool { isatty(STDOUT_FILENO) == 1 }
    var stderrIsTerminal: Bool { isatty(STDERR_FILENO) == 1 }
    var useColor: Bool { stdoutIsTerminal && environment["NO_COLOR"] == nil && environment["TERM"] != "dumb" }

    /// Warnings are never silent: they go to stderr whatever becomes of the report (stdout
    /// not a terminal, --quiet, --output, JSON), a fleet member's named by its target.
    func warn(_ warnings: [String]) {
        let prefix = isFleetMember ? "dbops: warning: \(resolved?.label ?? "target"): " : "dbops: warning: "
        for warning in warnings { StandardStreams.err(prefix + FlatText.line(warning) + "\n") }
    }

    func write(_ text: String) {
        if buffer != nil {
            buffer! += text
            return
        }
        StandardStreams.out(text)
    }
}
