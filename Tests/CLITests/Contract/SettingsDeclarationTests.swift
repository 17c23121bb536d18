import Foundation
import Testing
import TestSupport

/// The flags, their `--help` and the config reference come from one declaration per
/// setting. This walks what the binary itself publishes — every command's options
/// (`--experimental-dump-help`) and every config key (`dbops config keys`) — and fails when
/// a key has no flag where it should, a flag's help shows another default or meaning than
/// the key's, or a default is shown twice.
@Suite("Settings: flags, help and config keys from one declaration")
struct SettingsDeclarationTests {
    struct Reference {
        let defaultValue: String
        let meaning: String
    }

    /// `dbops config keys`: section -> key -> (default, meaning).
    static func reference() throws -> [String: [String: Reference]] {
        let result = try DBOpsProcess.run(["config", "keys"])
        #expect(result.exitCode == 0, "\(result)")
        var sections: [String: [String: Reference]] = [:]
        var section = ""
        for line in result.stdout.split(separator: "\n").map(String.init) {
            if line.hasPrefix("`[") && line.hasSuffix("]`") {
                section = String(line.dropFirst(2).dropLast(2))
            } else if line.hasPrefix("| `") {
                // | `key` | type | default | meaning |, with \| escaping pipes inside cells.
                let cells = line.replacingOccurrences(of: "\\|", with: "\u{1}").split(separator: "|")
                    .map { $0.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "\u{1}", with: "|") }
                let key = cells[0].trimmingCharacters(in: CharacterSet(charactersIn: "`"))
                sections[section, default: [:]][key] = Reference(defaultValue: cells[2], meaning: cells[3])
            }
        }
        return sections
    }

    /// Command path -> long option name -> help text, from the argument parser's own dump.
    static func options() throws -> [String: [String: String]] {
        let result = try DBOpsProcess.run(["--experimental-dump-help"])
        #expect(result.exitCode == 0, "\(result)")
        let root = try JSONSerialization.jsonObject(with: result.stdoutData) as? [String: Any]
        var out: [String: [String: String]] = [:]
        func walk(_ command: [String: Any], _ path: [String]) {
            let name = command["commandName"] as? String ?? ""
            let here = path + [name]
            var options: [String: String] = [:]
            for argument in command["arguments"] as? [[String: Any]] ?? [] {
                for entry in argument["names"] as? [[String: Any]] ?? [] where entry["kind"] as? String == "long" {
                    options[entry["name"] as? String ?? ""] = argument["abstract"] as? String ?? ""
                }
            }
            out[here.dropFirst().joined(separator: " ")] = options
            for sub in command["subcommands"] as? [[String: Any]] ?? [] { walk(sub, here) }
        }
        walk(try #require(root?["command"] as? [String: Any]), [])
        return out
    }

    /// Which commands a section's keys are flags of; keys the file alone sets; flags named
    /// otherwise than their key.
    static let commands: [String: [String]] = [
        "defaults": [
            "health", "slow-queries", "index-usage", "backup", "restore", "analytics dau", "analytics cost",
            "analytics latency", "cleanup", "partitions", "archive",
        ],
        "health": ["health"], "slow_queries": ["slow-queries"], "index_usage": ["index-usage"],
        "analytics": ["analytics dau", "analytics cost", "analytics latency"],
        "backup": ["backup", "backup prune"], "restore": ["restore"],
        "cleanup": ["cleanup"], "partitions": ["partitions"], "archive": ["archive"],
        "history": ["snapshot"], "report": ["report"],
    ]
    static let configOnly: Set<String> = ["builtin", "record_jobs"]
    static let flagNames = [
        "checks": "check", "time_zone": "tz", "replicas": "replica", "trusted_keys": "trusted-key",
        "store": "history",
    ]

    @Test("Every job key is a flag whose help shows the key's default and meaning")
    func flagsMatchKeys() throws {
        let reference = try Self.reference()
        let options = try Self.options()
        #expect(reference.count >= 10, "config keys lists the sections: \(reference.keys.sorted())")
        for (section, commands) in Self.commands {
            let keys = try #require(reference[section], "section \(section) in dbops config keys")
            for (key, entry) in keys where !Self.configOnly.contains(key) {
                let flag = Self.flagNames[key] ?? key.replacingOccurrences(of: "_", with: "-")
                let helps = commands.compactMap { options[$0]?[flag] }
                #expect(!helps.isEmpty, "[\(section)] \(key): no --\(flag) on \(commands.joined(separator: ", "))")
                for help in helps {
                    let meaning = entry.meaning.split(separator: ";")[0].lowercased()
                    #expect(
                        help.lowercased().hasPrefix(meaning),
                        "--\(flag) help \"\(help)\" does not say what [\(section)] \(key) means: \(meaning)")
                    if !["none", "required"].contains(entry.defaultValue) {
                        #expect(
                            help.contains("default \(entry.defaultValue)")
                                || help.contains("\(section) \(entry.defaultValue)"),
                            "--\(flag) help \"\(help)\" does not show [\(section)] \(key)'s default \(entry.defaultValue)"
                        )
                    }
                }
            }
        }
    }

    @Test("No help text shows a default twice or a default the declarations do not hold")
    func defaultsOnce() throws {
        for (command, options) in try Self.options() {
            for (flag, help) in options {
                // The argument parser appends "(default: X)" for a property with an initial
                // value; a declared setting has none, so its help is the only place it shows.
                #expect(!help.contains("(default: "), "\(command) --\(flag): \(help)")
                #expect(help.components(separatedBy: "default ").count <= 2, "\(command) --\(flag): \(help)")
            }
        }
    }

    @Test("A value the help shows as the default is accepted back as typed")
    func defaultsParse() throws {
        // The defaults of durations and sizes are written the way a user types them
        // ("50ms", "256MB", "5m"): each round-trips through its own flag.
        let environment = ["DBOPS_URL": "postgres://nobody@127.0.0.1:1/none"]
        let reference = try Self.reference()
        for (option, section, key, command) in [
            ("--pause", "cleanup", "pause", ["cleanup", "--dry-run"]),
            ("--lock-timeout", "cleanup", "lock_timeout", ["cleanup", "--dry-run"]),
            ("--chunk-size", "backup", "chunk_size", ["backup", "-o", "/nonexistent/x"]),
            ("--statement-timeout", "analytics", "statement_timeout", ["analytics", "dau"]),
            ("--connect-timeout", "defaults", "connect_timeout", ["health"]),
        ] {
            let value = try #require(reference[section]?[key]?.defaultValue)
            let result = try DBOpsProcess.run(
                command + [option, value, "--connect-timeout", "1s"], environment: environment, timeout: 60)
            // Nothing listens on port 1: the run gets as far as connecting, so the value parsed.
            #expect(result.exitCode != 64, "\(option) \(value) (its own default) refused: \(result)")
        }
    }
}
