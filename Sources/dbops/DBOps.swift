import ArgumentParser

@main
struct DBOps: CommandGroup {
    static let version = "0.1.0"

    static let configuration = CommandConfiguration(
        commandName: "dbops",
        abstract: "Health checks, reports, backups and maintenance for PostgreSQL and MySQL/MariaDB.",
        discussion: """
            Exit codes: 0 OK; checks and reports 1 WARNING, 2 CRITICAL, 3 UNKNOWN; jobs 1 failed; \
            64 usage error; 75 skipped (another run holds the job's lock); 130/143 interrupted.
            """,
        version: version,
        subcommands: [
            HealthCommand.self, SlowQueriesCommand.self, IndexUsageCommand.self, BackupCommand.self,
            RestoreCommand.self,
            VerifyCommand.self, AnalyticsCommand.self, CleanupCommand.self, PartitionsCommand.self, ArchiveCommand.self,
            AnalyzeCommand.self,
            SnapshotCommand.self, HistoryCommand.self, ReportCommand.self, ConfigCommand.self, KeygenCommand.self,
        ]
    )

    @OptionGroup var global: GlobalOptions
}

extension DBOps {
    /// `--all` is `--all-targets` everywhere but under `archive restore`, where `--all` has
    /// long meant every archived row. One option group cannot give a name two meanings, so
    /// the word is translated here, before parsing, and only outside that command (and
    /// never after `--`).
    static func fleetAliases(_ arguments: [String]) -> [String] {
        let words = arguments.prefix { $0 != "--" }.filter { !$0.hasPrefix("-") }
        if zip(words, words.dropFirst()).contains(where: { $0 == "archive" && $1 == "restore" }) { return arguments }
        var seenSeparator = false
        return arguments.map { argument in
            if argument == "--" { seenSeparator = true }
            return !seenSeparator && argument == "--all" ? "--all-targets" : argument
        }
    }

    /// `-j4`, `-l20`, `-o/backups/x`, as pg_dump and mysqldump take a short option's value:
    /// the parser takes only `-j 4`, and called `-j4` an unknown option.
    static func attachedShortValues(_ arguments: [String]) -> [String] {
        var out: [String] = []
        var seenSeparator = false
        for argument in arguments {
            if argument == "--" { seenSeparator = true }
            let characters = Array(argument)
            if !seenSeparator, characters.count > 2, characters[0] == "-", "ojl".contains(characters[1]) {
                out += [String(characters[0...1]), String(characters[2...])]
            } else {
                out.append(argument)
            }
        }
        return out
    }

    /// The argument parser's own errors follow dbops' contract too: one line on stderr
    /// (`dbops: error: ...`, or the JSON envelope under --format json), exit 64. Help,
    /// --version and the exit codes commands return pass through unchanged.
    static func main() {
        SignalHandling.install()
        let arguments = Self.attachedShortValues(Self.fleetAliases(Array(CommandLine.arguments.dropFirst())))
        do {
            var command = try parseAsRoot(arguments)
            // Commands that work on files take the global options for --config and --format;
            // the server options there would be ignored silently, so they are refused.
            if command is VerifyCommand || command is BackupPruneCommand || command is ConfigKeysCommand
                || command is KeygenCommand
                || command is ConfigCheckCommand
            {
                let serverOptions = [
                    "--url", "--target", "--password-file", "--connect-timeout", "--stall-timeout", "--queries-dir",
                    "--group", "--all-targets", "--all-databases", "--parallel", "--per-server",
                ]
                if let given = arguments.first(where: { argument in
                    serverOptions.contains { argument == $0 || argument.hasPrefix($0 + "=") }
                }) {
                    throw ValidationError(
                        "\(given.split(separator: "=").first ?? "") means nothing here: this command works on backup files, not on a server"
                    )
                }
            }
            try command.run()
        } catch let exit as ExitCode {
            Self.exit(withError: exit)
        } catch {
            guard exitCode(for: error) != .success else { Self.exit(withError: error) }
            let message = Self.message(for: error).split(separator: "\n").first.map(String.init) ?? "invalid arguments"
            let json =
                zip(arguments, arguments.dropFirst()).contains { $0 == "--format" && $1 == "json" }
                || arguments.contains("--format=json")
            _ = CommandRunner.report(
                UsageError(message + (json ? "" : " (see dbops --help)")), kind: .job, format: json ? .json : .text)
            Self.exit(withError: ExitCode(ExitStatus.usage))
        }
    }
}
