import DBCore
import Foundation

/// A fleet run's one report. Text: a line per target (state, name, the first line of its
/// own output), then the output of every target that is not OK. JSON: dbops.fleet/v1, each
/// target's own result embedded in its own schema. Prometheus: every target's metrics with
/// `target` and `group` labels, each metric's HELP and TYPE once.
enum FleetRenderer {
    static func render(_ members: [FleetMember], command: String, kind: CommandKind, format: OutputFormat) throws
        -> String
    {
        switch format {
        case .json: return try json(members, command: command, kind: kind)
        case .prometheus: return prometheus(members, command: command)
        case .nagios: return NagiosRenderer.fleet(members, command: command, kind: kind)
        case .text, .csv: return text(members, kind: kind)
        }
    }

    static func text(_ members: [FleetMember], kind: CommandKind) -> String {
        let width = members.map(\.label.count).max() ?? 0
        var out = ""
        for member in members {
            let word = FleetOutcome.word(member, kind: kind)
            // The first line of the target's own output, less the state and name this line
            // already shows.
            var headline = FlatText.line(
                member.error?.message
                    ?? member.output.split(separator: "\n").first.map { $0.trimmingCharacters(in: .whitespaces) } ?? "")
            // Whole words only: target "b" must not take the b of "backed up".
            for prefix in [word, member.label] where headline.hasPrefix(prefix) {
                guard headline.dropFirst(prefix.count).first.map({ $0 == ":" || $0.isWhitespace }) ?? true else {
                    continue
                }
                headline = headline.dropFirst(prefix.count).trimmingCharacters(in: .whitespaces)
                    .trimmingCharacters(in: CharacterSet(charactersIn: ":"))
                    .trimmingCharacters(in: .whitespaces)
            }
            out +=
                word.padding(toLength: 9, withPad: " ", startingAt: 0)
                + member.label.padding(toLength: width + 2, withPad: " ", startingAt: 0) + headline + "\n"
        }
        for member in members where member.exitCode != ExitStatus.ok && member.error == nil && !member.output.isEmpty {
            out += "\n== \(member.label)\n" + member.output + (member.output.hasSuffix("\n") ? "" : "\n")
        }
        return out
    }

    static func json(_ members: [FleetMember], command: String, kind: CommandKind) throws -> String {
        var targets: [[String: Any]] = []
        for member in members {
            var entry: [String: Any] = [
                "target": member.label, "name": member.name ?? NSNull(), "groups": member.groups,
                // A server's own member (its globals, its server-wide checks) is no database's.
                "database": member.part == .server ? NSNull() : member.target?.config.database ?? NSNull(),
                "engine": member.target?.config.engine.rawValue ?? NSNull(), "server": member.server,
                "state": FleetOutcome.word(member, kind: kind).lowercased(), "exit_code": Int(member.exitCode),
                "seconds": (member.seconds * 1000).rounded() / 1000,
                "started_at": (member.startedAt * 1000).rounded() / 1000,
                "ended_at": (member.endedAt * 1000).rounded() / 1000,
            ]
            let data = Data(member.output.utf8)
            entry["result"] =
                member.output.isEmpty ? NSNull() : (try? JSONSerialization.jsonObject(with: data)) ?? NSNull()
            entry["error"] = member.error.map { ["code": $0.code, "message": $0.message] } ?? NSNull()
            targets.append(entry)
        }
        let report: [String: Any] = [
            "schema": "dbops.fleet/v1", "command": command,
            "exit_code": Int(FleetOutcome.exitCode(members, kind: kind)),
            "targets": targets,
        ]
        let data = try JSONSerialization.data(
            withJSONObject: report, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    /// Every member's metrics, labelled by target and group, each family's samples together
    /// under one HELP and TYPE (the exposition format wants a family in one group).
    static func prometheus(_ members: [FleetMember], command: String) -> String {
        var families: [String] = []
        var described = Set<String>()
        var heads: [String: [String]] = [:]
        var samples: [String: [String]] = [:]
        for member in members {
            let labels = [
                (key: "target", value: member.label), (key: "group", value: member.groups.joined(separator: ",")),
            ]
            var family = ""
            for line in member.output.split(separator: "\n", omittingEmptySubsequences: true) {
                if line.hasPrefix("#") {
                    // "# HELP name ..." / "# TYPE name ...": once per metric.
                    let words = line.split(separator: " ", maxSplits: 3)
                    guard words.count >= 3 else { continue }
                    family = String(words[2])
                    if heads[family] == nil, samples[family] == nil { families.append(family) }
                    if described.insert("\(words[1]) \(family)").inserted {
                        heads[family, default: []].append(String(line))
                    }
                    continue
                }
                guard let sample = PrometheusSample(line) else { continue }
                if heads[family] == nil, samples[family] == nil { families.append(family) }
                samples[family, default: []].append(sample.relabelled(labels))
            }
        }
        var out = ""
        for family in families {
            for line in (heads[family] ?? []) + (samples[family] ?? []) { out += line + "\n" }
        }
        out += "# HELP dbops_fleet_target_exit_code Exit code of the command on each target of a fleet run.\n"
        out += "# TYPE dbops_fleet_target_exit_code gauge\n"
        for member in members {
            out +=
                "dbops_fleet_target_exit_code{command=\"\(PrometheusSample.escape(command))\",target=\"\(PrometheusSample.escape(member.label))\"} \(member.exitCode)\n"
        }
        return out
    }
}
