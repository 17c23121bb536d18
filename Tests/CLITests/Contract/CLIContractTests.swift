import DBCore
import Foundation
import Testing
import TestSupport

/// The command-line contract, walked from what the binary itself publishes: every
/// subcommand's every option that takes a number, duration, size or one of a list gets
/// bad values (out of range, wrong unit, inf/nan, empty), each refused with exit 64 and one
/// line naming the option, in text and in JSON; every config section refuses a misspelt key
/// naming the key meant; and the exit codes the README documents are reached by real causes.
@Suite("The CLI contract, command by command")
struct CLIContractTests {
    struct Option {
        let command: [String]
        let flag: String
        let valueName: String
    }

    /// Every option of every subcommand that runs something, from --experimental-dump-help.
    static func options() throws -> [Option] {
        let dump = try DBOpsProcess.run(["--experimental-dump-help"])
        let root = try JSONSerialization.jsonObject(with: dump.stdoutData) as? [String: Any]
        var out: [Option] = []
        func walk(_ command: [String: Any], _ path: [String]) {
            let subcommands = command["subcommands"] as? [[String: Any]] ?? []
            for argument in command["arguments"] as? [[String: Any]] ?? [] where argument["kind"] as? String == "option"
            {
                guard let names = argument["names"] as? [[String: Any]],
                    let long = names.first(where: { $0["kind"] as? String == "long" })?["name"] as? String
                else { continue }
                out.append(Option(command: path, flag: "--" + long, valueName: argument["valueName"] as? String ?? ""))
            }
            for sub in subcommands { walk(sub, path + [sub["commandName"] as? String ?? ""]) }
        }
        if let command = root?["command"] as? [String: Any] { walk(command, []) }
        return out.filter { !$0.command.isEmpty && !["help", "config"].contains($0.command[0]) }
    }

    /// What each kind of value is tried with.
    static let hostile: [String: [String]] = [
        "duration": ["", " ", "inf", "nan", "-1s", "5parsecs", "1e999", "99999999999w", "1h-5m"],
        "n": ["", "inf", "nan", "-1", "1.5", "1e3", "0x10", "99999999999999999999999"],
        "size": ["", "inf", "-1MB", "5XB", "99999TB", "nan"],
        "list": ["", "inf", "101", "50,,95", "nan"],
        "binary|text": ["", "bogus"],
        "key": ["", "bogus"],
        "bucket": ["", "fortnight"],
        "text|json|prometheus|csv": ["", "xml"],
        "name=value": ["nonsense", "nosuchlimit=1", "mean_ms=inf"],
        "kind=value": ["nonsense", "nosuchkind=1", "unused=nan"],
        "when": ["", "inf", "soon"],
        "url": ["bogus://x", "postgres://h:99999/db"],
        // One-character paths trapped in Foundation's path splitting; a folder is no file.
        "file": ["", ".", "/", "/nonexistent/dbops-never/out"],
    ]

    /// What a command needs besides the option under test to get as far as checking it.
    static func context(_ command: [String], testing flag: String) -> [String] {
        switch command {
        case ["backup"]: return flag == "--output" ? [] : ["--output", "/nonexistent/dbops-never"]
        case ["backup", "prune"], ["backup", "drill"], ["restore"], ["verify"]: return ["/nonexistent/dbops-never"]
        case ["archive", "restore"]: return ["--all"]
        case ["keygen"]: return flag == "--output" ? [] : ["--output", "/nonexistent/dbops-never"]
        default: return []
        }
    }

    /// Nothing listens on port 1: a value wrongly accepted gets as far as connecting and
    /// fails there with another exit code.
    static let environment = ["DBOPS_URL": "postgres://nobody@127.0.0.1:1/none"]

    @Test("Every option's bad values: exit 64, one line naming the option, in text and JSON")
    func badValues() throws {
        let options = try Self.options()
        #expect(options.count > 80, "the walk finds the options: \(options.count)")
        var cases: [(arguments: [String], what: String, flag: String)] = []
        for option in options {
            for value in Self.hostile[option.valueName] ?? [] {
                cases.append(
                    (
                        option.command + Self.context(option.command, testing: option.flag) + [
                            "\(option.flag)=\(value)"
                        ],
                        "\(option.command.joined(separator: " ")) \(option.flag)=\(value)", option.flag
                    ))
            }
        }
        #expect(cases.count > 200, "\(cases.count) cases")
        let failures = Locked<[String]>([])
        DispatchQueue.concurrentPerform(iterations: cases.count) { index in
            let (arguments, what, flag) = cases[index]
            // (--format itself is tried in text: a second --format would win over it.)
            let json = index % 3 == 0 && flag != "--format"
            guard
                let result = try? DBOpsProcess.run(
                    arguments + (json ? ["--format", "json"] : []), environment: Self.environment, timeout: 30)
            else {
                failures.mutate { $0.append("\(what): did not run") }
                return
            }
            var problems: [String] = []
            if result.exitCode != 64 { problems.append("exit \(result.exitCode)") }
            if result.stderr.contains("Fatal error") || result.stderr.contains("Stack dump") {
                problems.append("a trap")
            }
            let lines = result.stderr.split(separator: "\n")
            if json {
                let object =
                    lines.count == 1
                    ? (try? JSONSerialization.jsonObject(with: Data(lines[0].utf8))) as? [String: Any] : nil
                if object?["schema"] as? String != "dbops.error/v1" || object?["exit_code"] as? Int != 64 {
                    problems.append("not one dbops.error/v1 object")
                }
            } else if lines.count != 1 || !lines[0].hasPrefix("dbops: error: ") {
                problems.append("not one dbops: error: line")
            }
            if !result.stderr.contains(flag) && !result.stderr.contains(flag.dropFirst(2)) {
                problems.append("does not name \(flag)")
            }
            if !result.stdout.isEmpty { problems.append("printed a report") }
            if !problems.isEmpty {
                failures.mutate {
                    $0.append("\(what)\(json ? " [json]" : ""): \(problems.joined(separator: ", ")): \(result.stderr)")
                }
            }
        }
        #expect(
            failures.value.isEmpty,
            "\(failures.value.count) of \(cases.count):\n\(failures.value.sorted().prefix(30).joined(separator: "\n"))")
    }

    @Test("A command group without its subcommand (a cron line cut short): exit 64, one line naming the subcommands")
    func missingSubcommand() throws {
        for (arguments, named) in [
            ([String](), "health"), (["--parallel", "2"], "backup"), (["analytics"], "dau"),
            (["config"], "keys"),
        ] {
            let result = try DBOpsProcess.run(arguments, environment: Self.environment, timeout: 30)
            #expect(result.exitCode == 64, "\(arguments): \(result)")
            let lines = result.stderr.split(separator: "\n")
            #expect(lines.count == 1 && lines[0].hasPrefix("dbops: error: no subcommand given"), "\(result.stderr)")
            #expect(result.stderr.contains(named) && result.stdout.isEmpty, "\(arguments): \(result)")
        }
        // Asking for the help is still an answer, exit 0.
        for arguments in [["--help"], ["analytics", "--help"], ["help", "config"]] {
            let result = try DBOpsProcess.run(arguments, environment: Self.environment, timeout: 30)
            #expect(result.exitCode == 0 && result.stdout.contains("SUBCOMMANDS:"), "\(arguments): \(result)")
        }
    }

    @Test("Every config section refuses a misspelt key, naming it, its section and the key meant")
    func unknownKeys() throws {
        let keys = try DBOpsProcess.run(["config", "keys"])
        var sections: [(String, String)] = []
        var section: String?
        for line in keys.stdout.split(separator: "\n").map(String.init) {
            if line.hasPrefix("`[") && line.hasSuffix("]`") {
                section = String(line.dropFirst(2).dropLast(2)).replacingOccurrences(of: "NAME", with: "x")
            } else if line.hasPrefix("| `"), let current = section {
                sections.append((current, line.split(separator: "`")[1].description))
                section = nil
            }
        }
        // A target's own job table is checked the same way.
        sections.append(("targets.x.cleanup", "batch_size"))
        #expect(sections.count >= 20, "\(sections)")
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("dbops-keys-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        for (table, key) in sections {
            let typo = String(key.dropLast()) + (key.last == "x" ? "y" : "x")
            let path = "\(dir)/\(table).toml"
            try "[\(table)]\n\(typo) = 1\n".write(toFile: path, atomically: true, encoding: .utf8)
            for arguments in [["config", "check", "--config", path], ["health", "--config", path]] {
                let result = try DBOpsProcess.run(arguments, environment: Self.environment)
                #expect(result.exitCode == 64, "[\(table)] \(typo): \(result)")
                #expect(
                    result.stderr.contains("unknown key \(typo) in [\(table)]")
                        && result.stderr.contains("did you mean \(key)?"),
                    "[\(table)] \(typo): \(result.stderr)")
                #expect(result.stderr.split(separator: "\n").count == 1)
            }
        }
    }

    @Test("Output into a pipe its reader has closed (dbops ... | head): exit 141, no trap, nothing on stderr")
    func closedPipe() throws {
        // The reader of a process substitution exits at once; after the pause its end of
        // the pipe is closed, so the first write gets EPIPE.
        let script = "exec 3> >(true); sleep 0.3; \"$0\" config keys >&3; echo \"exit $?\" >&2"
        let result = try Spawned.run("/bin/bash", ["-c", script, DBOpsProcess.binary])
        let text = String(decoding: result.stderr, as: UTF8.self)
        #expect(text == "exit 141\n", "\(text)")
    }

    @Test("SIGTERM ends a job waiting on the server with exit 143 and no partial output")
    func terminated() throws {
        try ScratchDatabase.with(.postgres, prefix: "term") { scratch in
            let holder = try scratch.connect()
            defer { holder.close() }
            try holder.executeScript("CREATE TABLE busy (id INT PRIMARY KEY); INSERT INTO busy VALUES (1)")
            try holder.executeScript("BEGIN; LOCK TABLE busy IN ACCESS EXCLUSIVE MODE")
            let dir = FileManager.default.temporaryDirectory.appendingPathComponent("dbops-term-\(UUID().uuidString)")
                .path
            defer { try? FileManager.default.removeItem(atPath: dir) }
            let process = try DBOpsProcess.start(
                ["backup", "-o", dir, "--lock-timeout", "1h"], environment: ["DBOPS_URL": try scratch.url],
                stderr: .pipe)
            defer { if process.isRunning { process.terminate() } }
            // The backup is waiting for the table's lock once its session shows up waiting
            // (asked on another connection: in the holder's transaction the view is a snapshot).
            let watcher = try scratch.connect()
            defer { watcher.close() }
            #expect(
                try eventually(timeout: 20, interval: 0.1) {
                    try watcher.scalar(
                        "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'"
                    ) != "0"
                })
            let clock = Date()
            kill(process.processIdentifier, SIGTERM)
            process.waitUntilExit()
            #expect(Date().timeIntervalSince(clock) < 10)
            #expect(process.terminationStatus == 143)
            #expect(!FileManager.default.fileExists(atPath: dir), "the partial backup is removed")
            let text = String(decoding: process.standardError!.readDataToEndOfFile(), as: UTF8.self)
            #expect(!text.contains("Fatal error"), "\(text)")
            try holder.executeScript("ROLLBACK")
        }
    }
}

/// A value shared by concurrent test work.
final class Locked<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: Value
    init(_ value: Value) { stored = value }
    var value: Value { lock.lock(); defer { lock.unlock() }; return stored }
    func mutate(_ body: (inout Value) -> Void) { lock.lock(); body(&stored); lock.unlock() }

}
