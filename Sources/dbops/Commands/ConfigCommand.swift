import ArgumentParser
import Foundation

/// `dbops config check` and `dbops config keys`: the config file's contract, from the
/// same declaration (ConfigSchema) the file is checked against when any command reads it.
struct ConfigCommand: CommandGroup {
    static let configuration = CommandConfiguration(
        commandName: "config",
        abstract: "Check a config file, or list every key it may hold.",
        subcommands: [ConfigCheckCommand.self, ConfigKeysCommand.self])
}
