import ArgumentParser
import DBCore
import Foundation
import Logging

/// Runs a subcommand under the exit-code contract: the command returns its own status;
/// every error becomes exactly one line on stderr (JSON with --format json) and the exit
/// code its kind calls for. No stack traces, ever.
enum CommandRunner {
    static func run(
        kind: CommandKind, global: GlobalOptions, formats: [OutputFormat] = [.text, .json, .prometheus],
        command: String = "dbops", output: String? = nil, fleet: FleetUse = .job,
        _ body: @escaping (CommandEnvironment) throws -> Int32
    ) throws {
        Database.initializeLibraries()
        SignalHandling.install()
        let log = Self.bootstrapLogging(global)
        let clock = Stopwatch()
        log.info("dbops \(command): started")
        var format = global.format.flatMap(OutputFormat.init(rawValue:)) ?? .text
        var code: Int32 = ExitStatus.ok
        defer { logEnding(log, command: command, seconds: clock.seconds, code: code) }
        var started = false
        do {
            let environment = try CommandEnvironment(global: global)
            format = environment.format
            // A format the command cannot produce is a usage error, never text instead.
            guard formats.contains(environment.format) else {
                throw UsageError(
                    "--format \(environment.format.rawValue): this command writes \(formats.map(\.rawValue).joined(separator: ", "))"
                )
            }
            if let output { try MonitoringFile.validate(output) }
            if output != nil || global.quiet { environment.buffer = "" }
            started = true
            if fleet.selects, let selection = try environment.fleet(expandingAllDatabases: fleet.expandsAllDatabases) {
                guard fleet.runs else {
                    throw UsageError(
                        "\(command) works on one target: give one --target (no glob, group or --all-targets)")
                }
                try fleet.checkFleet?(environment)
                code = try runFleet(selection, environment, kind: kind, command: command, use: fleet, body: body)
            } else {
                code = try body(environment)
            }
            // --quiet: the report reaches stdout only when something is not OK.
            if output == nil, global.quiet, code != ExitStatus.ok, let text = environment.buffer {
                StandardStreams.out(text)
            }
            if let output, let text = environment.buffer {
                let success = kind == .check ? code != ExitStatus.unknown : code == ExitStatus.ok
                do {
                    try MonitoringFile.write(text, to: output, format: format, command: command, success: success)
                } catch {
                    code = report(error, kind: kind, format: format)
                }
            }
        } catch {
            code = report(error, kind: kind, format: format)
            if started, let output, format == .prometheus {
                MonitoringFile.mark(output, command: command, skipped: error is JobLockHeld)
            }
        }
        if let signal = Interruption.shared.signal { throw ExitCode(SignalHandling.exitCode(for: signal)) }
        if code != 0 { throw ExitCode(code) }
    }

    /// The verbose log's last line. An interrupted run did not finish: it ended, with the
    /// signal's exit code.
    static func logEnding(_ log: Logger, command: String, seconds: Double, code: Int32) {
        let exit = Interruption.shared.signal.map(SignalHandling.exitCode(for:)) ?? code
        log.info("dbops \(command): ended after \(Format.duration(seconds)), exit \(exit)")
    }

    /// The command on every target of the selection, as one report with one exit code.
    static func runFleet(
        _ selection: TargetSelection, _ environment: CommandEnvironment, kind: CommandKind, command: String,
        use: FleetUse, body: @escaping (CommandEnvironment) throws -> Int32
    ) throws -> Int32 {
        let members = try FleetRunner.run(selection, parent: environment, kind: kind, use: use, body: body)
        environment.write(try FleetRenderer.render(members, command: command, kind: kind, format: environment.format))
        return FleetOutcome.exitCode(members, kind: kind)
    }

    /// swift-log to stderr: warnings by default, what runs with --verbose, every statement
    /// with --log-sql.
    static func bootstrapLogging(_ global: GlobalOptions) -> Logger {
        let level: Logger.Level = global.logSql ? .debug : (global.verbose ? .info : .warning)
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        if global.logSql { StatementLog.enable(Logger(label: "dbops.sql")) }
        return Logger(label: "dbops")
    }

    /// Prints the error and returns the exit code it means.
    static func report(_ error: Error, kind: CommandKind, format: OutputFormat) -> Int32 {
        let (code, exitCode, message) = classify(error, kind: kind)
        if format == .json {
            var object: [String: Any] = ["code": code, "message": message]
            if let db = error as? DBError {
                if let state = db.sqlState { object["sqlstate"] = state }
                if let number = db.mysqlErrno { object["mysql_errno"] = number }
            }
            let envelope: [String: Any] = ["schema": "dbops.error/v1", "error": object, "exit_code": Int(exitCode)]
            if let data = try? JSONSerialization.data(
                withJSONObject: envelope, options: [.sortedKeys, .withoutEscapingSlashes])
            {
                StandardStreams.err(data + Data("\n".utf8))
            }
        } else {
            StandardStreams.err("dbops: error: \(FlatText.line(message))\n")
        }
        return exitCode
    }

    static func classify(_ error: Error, kind: CommandKind) -> (code: String, exit: Int32, message: String) {
        if let signal = Interruption.shared.signal {
            return (
                "interrupted", SignalHandling.exitCode(for: signal),
                signal == SIGTERM ? "terminated by SIGTERM" : "interrupted"
            )
        }
        switch error {
        case let usage as UsageError:
            return ("usage", ExitStatus.usage, usage.description)
        case let held as JobLockHeld:
            return ("lock_held", ExitStatus.lockHeld, held.description)
        case let db as DBError:
            if db.code == .invalidTarget { return (db.code.rawValue, ExitStatus.usage, db.description) }
            switch kind {
            case .job:
                return (db.code.rawValue, ExitStatus.failed, db.description)
            case .check:
                let unreachable: Set<DBError.Code> = [
                    .connectionFailed, .authenticationFailed, .databaseNotFound,
                    .serverStarting, .connectionLost, .timeout,
                ]
                return (
                    db.code.rawValue, unreachable.contains(db.code) ? ExitStatus.critical : ExitStatus.unknown,
                    db.description
                )
            }
        default:
            let text = DBError.oneLineDescription(of: error)
            return ("error", kind == .job ? ExitStatus.failed : ExitStatus.unknown, text)
        }
    }
}
