import ArgumentParser

/// A command that only gathers others (`dbops`, `dbops analytics`, `dbops config`). Run
/// without one of them it is a usage error, exit 64: the parser's default printed the help
/// and exited 0, so a cron line missing its subcommand did nothing and looked fine.
protocol CommandGroup: ParsableCommand {}

extension CommandGroup {
    mutating func run() throws {
        let names = Self.configuration.subcommands.map { $0.configuration.commandName ?? "" }
        throw ValidationError("no subcommand given: one of \(names.joined(separator: ", "))")
    }
}
