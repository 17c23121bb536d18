import DBCore
import Foundation

/// How a setting's value is written and checked: the same parser for the flag and the
/// config file, and the range that `--help` and the config reference show.
struct SettingKind<Value> {
    /// The config reference's type column.
    let typeName: String
    /// The placeholder in `--help` (`--jobs <n>`).
    let valueName: String
    let rangeText: String?
    /// Parses a flag's text; `option` names it in the error.
    let parse: (_ text: String, _ option: String) throws -> Value
    /// Reads the config key, nil when absent.
    let read: (_ config: ConfigSection, _ key: String) throws -> Value?
    let describe: (Value) -> String
}

extension SettingKind where Value == Int {
    static func integer(_ range: ClosedRange<Int>, valueName: String = "n") -> SettingKind {
        SettingKind(
            typeName: "integer", valueName: valueName,
            rangeText: "\(Written.count(range.lowerBound)) to \(Written.count(range.upperBound))",
            parse: { try HumanInput.integer($0, option: $1, range: range) },
            read: { try $0.integer($1, range: range) },
            describe: { String($0) })
    }
}

extension SettingKind where Value == Double {
    /// A finite number within `range` (thresholds).
    static func number(_ range: ClosedRange<Double>) -> SettingKind {
        SettingKind(
            typeName: "number", valueName: "number",
            rangeText: String(format: "%g to %g", range.lowerBound, range.upperBound),
            parse: { try HumanInput.number($0, option: $1, range: range) },
            read: { try $0.finite($1, range: range) },
            describe: { Format.number($0) })
    }

    /// Seconds, written as a duration ("500ms", "1h30m") or, in the config file, a number.
    static func duration(_ range: ClosedRange<Double>) -> SettingKind {
        SettingKind(
            typeName: "duration", valueName: "duration",
            rangeText: "\(Written.duration(range.lowerBound)) to \(Written.duration(range.upperBound))",
            parse: { try HumanInput.duration($0, option: $1, range: range) },
            read: { try $0.duration($1, range: range) },
            describe: { Written.duration($0) })
    }
}

extension SettingKind where Value == Int64 {
    static func size(_ range: ClosedRange<Int64>) -> SettingKind {
        SettingKind(
            typeName: "size", valueName: "size",
            rangeText: "\(Written.size(range.lowerBound)) to \(Written.size(range.upperBound))",
            parse: { try HumanInput.bytes($0, option: $1, range: range) },
            read: { try $0.size($1, range: range) },
            describe: { Written.size($0) })
    }
}

extension SettingKind where Value == String {
    static let string = SettingKind.text("string", valueName: "text")
    static let path = SettingKind.text("path", valueName: "path")

    /// An IANA time zone name, known to the tz database where it is read: a misspelt zone
    /// is a usage error at once, not a failure (or nothing at all) when a job reaches it.
    static let timeZone: SettingKind = {
        func check(_ text: String, _ option: String) throws -> String {
            guard !text.isEmpty else { throw UsageError("\(option) is empty") }
            guard TimeZone(identifier: text) != nil else {
                throw UsageError("\(option) \(text): unknown time zone (use an IANA name such as Europe/Berlin or UTC)")
            }
            return text
        }
        return SettingKind(
            typeName: "string", valueName: "zone", rangeText: nil, parse: check,
            read: { config, key in try config.string(key).map { try check($0, "config: \(config.name).\(key)") } },
            describe: { $0 })
    }()

    static func text(_ typeName: String, valueName: String) -> SettingKind {
        SettingKind(
            typeName: typeName, valueName: valueName, rangeText: nil,
            parse: { text, option in
                guard !text.isEmpty else { throw UsageError("\(option) is empty") }
                return text
            },
            read: { config, key in
                guard let text = try config.string(key) else { return nil }
                guard !text.isEmpty else { throw UsageError("config: \(config.name).\(key) is empty") }
                return text
            },
            describe: { $0 })
    }
}

extension SettingKind where Value: RawRepresentable & CaseIterable, Value.RawValue == String {
    /// One of a fixed set of words.
    static func choice(_ type: Value.Type, valueName: String? = nil) -> SettingKind {
        let names = Value.allCases.map(\.rawValue)
        let list =
            names.count == 2
            ? names.joined(separator: " or ")
            : names.dropLast().joined(separator: ", ") + " or " + (names.last ?? "")
        func pick(_ text: String, _ option: String) throws -> Value {
            guard let value = Value(rawValue: text) else { throw UsageError("\(option) \(text): expected \(list)") }
            return value
        }
        return SettingKind(
            typeName: "string", valueName: valueName ?? names.joined(separator: "|"), rangeText: list,
            parse: pick,
            read: { config, key in try config.string(key).map { try pick($0, "config: \(config.name).\(key)") } },
            describe: { $0.rawValue })
    }
}

extension SettingKind where Value == Bool {
    static let boolean = SettingKind(
        typeName: "boolean", valueName: "true|false", rangeText: nil,
        parse: { text, option in
            switch text.lowercased() {
            case "true", "yes", "on", "1": return true
            case "false", "no", "off", "0": return false
            default: throw UsageError("\(option) \(text): expected true or false")
            }
        },
        read: { try $0.bool($1) },
        describe: { String($0) })
}

extension SettingKind where Value == [String] {
    static func list(_ typeName: String = "list of strings", valueName: String = "name") -> SettingKind {
        SettingKind(
            typeName: typeName, valueName: valueName, rangeText: nil,
            parse: { text, _ in [text] },
            read: { try $0.strings($1) },
            describe: { "[" + $0.map { "\"\($0)\"" }.joined(separator: ", ") + "]" })
    }
}
