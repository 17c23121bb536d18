import ArgumentParser
import Foundation

/// `dbops config check` and `dbops config keys`: the config file's contract, from the
/// same declaration (ConfigSchema) the file is checked against when any command reads it.
struct ConfigCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config",
        abstract: "Check a config file, or list every key it may hold.",
        subcommands: [ConfigCheckCommand.self, ConfigKeysCommand.self])
}

struct ConfigCheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Read the config file (--config or DBOPS_CONFIG) as every command would: exit 0, or 64 with the first problem.")

    @OptionGroup var global: GlobalOptions

    func run() throws {
        try CommandRunner.run(kind: .job, global: global, formats: [.text, .json], command: "config check") { environment in
            guard let file = environment.configFile else { throw UsageError("no config file: give --config PATH or set DBOPS_CONFIG") }
            // Every target's URL parses and its password source is usable.
            for name in file.targetNames {
                var global = try GlobalOptions.parse([])
                global.targets = [name]
                _ = try TargetResolver(options: global, configFile: file, environment: environment.environment).resolve()
            }
            environment.write(environment.format == .json
                ? try JSONOutput.encode(["schema": "dbops.config-check/v1", "path": file.path, "targets": file.targetNames.joined(separator: ",")])
                : "OK: \(file.path): \(file.targetNames.count) target(s)\(file.targetNames.isEmpty ? "" : ": " + file.targetNames.joined(separator: ", "))\n")
            return ExitStatus.ok
        }
    }
}

struct ConfigKeysCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys",
        abstract: "Every key the config file may hold, section by section, with its type, default and meaning (Markdown).")

    func run() throws {
        FileHandle.standardOutput.write(Data(ConfigSchema.markdown().utf8))
    }
}
