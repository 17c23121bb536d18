import ArgumentParser
import Foundation

struct ConfigCheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract:
            "Read the config file (--config or DBOPS_CONFIG) as every command would: exit 0, or 64 with the first problem."
    )

    @OptionGroup var global: GlobalOptions

    func run() throws {
        try CommandRunner.run(kind: .job, global: global, formats: [.text, .json], command: "config check") {
            environment in
            guard let file = environment.configFile else {
                throw UsageError("no config file: give --config PATH or set DBOPS_CONFIG")
            }
            // Every target's URL parses and its password source is usable.
            for name in file.targetNames {
                var global = try GlobalOptions.parse([])
                global.targets = [name]
                _ = try TargetResolver(options: global, configFile: file, environment: environment.environment)
                    .resolve()
            }
            try ConfiguredNames.check(file)
            environment.write(
                environment.format == .json
                    ? try JSONOutput.encode([
                        "schema": "dbops.config-check/v1", "path": file.path,
                        "targets": file.targetNames.joined(separator: ","),
                    ])
                    : "OK: \(file.path): \(file.targetNames.count) target(s)\(file.targetNames.isEmpty ? "" : ": " + file.targetNames.joined(separator: ", "))\n"
            )
            return ExitStatus.ok
        }
    }
}
