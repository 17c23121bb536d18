import DBCore
import Foundation

/// What a running command needs from the outside world: options, config, target, output.
final class CommandEnvironment {
    let global: GlobalOptions
    let configFile: ConfigFile?
    let format: OutputFormat
    let environment: [String: String]
    private var resolved: ResolvedTarget?
    /// With --output FILE: what the command writes, collected for the file.
    var buffer: String?

    init(global: GlobalOptions, environment: [String: String] = ProcessInfo.processInfo.environment) throws {
        self.global = global
        self.environment = environment
        if global.targets.count > 1 {
            throw UsageError(
                "--target given \(global.targets.count) times (\(global.targets.joined(separator: ", "))): one run works on one target; run dbops once per target"
            )
        }
        if let path = global.config ?? environment["DBOPS_CONFIG"].flatMap({ $0.isEmpty ? nil : $0 }) {
            configFile = try ConfigFile(path: path)
        } else {
            configFile = nil
        }
        let defaults = configFile?.defaults ?? .empty
        format = try DefaultsSettings.format.resolve(global.format, defaults) ?? .text
        if let directory = try DefaultsSettings.queriesDir.given(global.queriesDir, defaults) {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue
            else {
                throw UsageError("queries folder \(directory) does not exist")
            }
            QueryCatalog.shared.queriesDirectory = directory
        }
    }

    func target() throws -> ResolvedTarget {
        if let resolved { return resolved }
        let target = try TargetResolver(options: global, configFile: configFile, environment: environment).resolve()
        resolved = target
        return target
    }

    /// [job] settings from the config file, with the target's own overrides merged in.
    func settings(_ job: String) -> ConfigSection {
        configFile?.job(job, target: global.target) ?? .empty
    }

    var stdoutIsTerminal: Bool { isatty(STDOUT_FILENO) == 1 }
    var stderrIsTerminal: Bool { isatty(STDERR_FILENO) == 1 }
    var useColor: Bool { stdoutIsTerminal && environment["NO_COLOR"] == nil && environment["TERM"] != "dumb" }

    func write(_ text: String) {
        if buffer != nil {
            buffer! += text
            return
        }
        FileHandle.standardOutput.write(Data(text.utf8))
    }
}
