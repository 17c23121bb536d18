import DBCore
import Foundation
import TOMLKit

/// A value read from the config file, detached from the TOML library.
indirect enum ConfigValue {
    case string(String)
    case number(Double)
    case bool(Bool)
    case array([ConfigValue])
    case table([String: ConfigValue])

    init(_ toml: TOMLValueConvertible) {
        if let table = toml.table {
            var out: [String: ConfigValue] = [:]
            for key in table.keys { if let value = table[key] { out[key] = ConfigValue(value) } }
            self = .table(out)
        } else if let array = toml.array {
            self = .array(array.map { ConfigValue($0) })
        } else if let bool = toml.bool {
            self = .bool(bool)
        } else if let int = toml.int {
            self = .number(Double(int))
        } else if let double = toml.double {
            self = .number(double)
        } else {
            self = .string(toml.string ?? String(describing: toml))
        }
    }

    /// Deep merge: `override`'s keys win, tables merge key by key.
    func merged(with override: ConfigValue) -> ConfigValue {
        guard case .table(let base) = self, case .table(let top) = override else { return override }
        var out = base
        for (key, value) in top { out[key] = out[key].map { $0.merged(with: value) } ?? value }
        return .table(out)
    }
}

/// One section of settings ([health], or [targets.x.health] merged over it).
struct ConfigSection {
    let name: String
    let values: [String: ConfigValue]

    static let empty = ConfigSection(name: "", values: [:])

    func string(_ key: String) throws -> String? {
        guard let value = values[key] else { return nil }
        guard case .string(let s) = value else { throw UsageError("config: \(name).\(key) must be a string") }
        return s
    }

    func number(_ key: String) throws -> Double? {
        guard let value = values[key] else { return nil }
        guard case .number(let n) = value else { throw UsageError("config: \(name).\(key) must be a number") }
        return n
    }

    func bool(_ key: String) throws -> Bool? {
        guard let value = values[key] else { return nil }
        guard case .bool(let b) = value else { throw UsageError("config: \(name).\(key) must be true or false") }
        return b
    }

    func strings(_ key: String) throws -> [String]? {
        guard let value = values[key] else { return nil }
        guard case .array(let items) = value else { throw UsageError("config: \(name).\(key) must be a list of strings") }
        return try items.map {
            guard case .string(let s) = $0 else { throw UsageError("config: \(name).\(key) must be a list of strings") }
            return s
        }
    }

    func section(_ key: String) throws -> ConfigSection {
        guard let value = values[key] else { return ConfigSection(name: "\(name).\(key)", values: [:]) }
        guard case .table(let table) = value else { throw UsageError("config: \(name).\(key) must be a table") }
        return ConfigSection(name: "\(name).\(key)", values: table)
    }

    var keys: [String] { values.keys.sorted() }
}

/// The TOML config file (see README, "Config file").
struct ConfigFile {
    let path: String
    private let root: [String: ConfigValue]

    init(path: String) throws {
        self.path = path
        let text: String
        do { text = try String(contentsOfFile: path, encoding: .utf8) } catch {
            throw UsageError("cannot read config file \(path): \((error as NSError).localizedDescription)")
        }
        let table: TOMLTable
        do { table = try TOMLTable(string: text) } catch let error as TOMLParseError {
            throw UsageError("config file \(path), line \(error.source.begin.line): \(error.description)")
        }
        guard case .table(let root) = ConfigValue(table) else { throw UsageError("config file \(path) is not a table") }
        self.root = root
        try validate()
    }

    private func validate() throws {
        try ConfigSchema.validate(root, path: path)
        if case .table(let targets)? = root["targets"] {
            for (name, value) in targets {
                if case .table(let entry) = value, case .string(let url)? = entry["url"], (try? ConnectionURL.parse(url))?.password != nil {
                    try requirePrivate("[targets.\(name)] url holds a password")
                }
            }
        }
    }

    /// A file holding a password must be readable by its owner only, as libpq insists for
    /// .pgpass: otherwise every local user can read it.
    private func requirePrivate(_ why: String) throws {
        var info = stat()
        guard stat(path, &info) == 0 else { return }
        if info.st_mode & 0o077 != 0 {
            throw UsageError("config file \(path): \(why), but the file is readable by group or others (mode \(String(info.st_mode & 0o777, radix: 8))); chmod 600 it, or move the password to password_file or url_env")
        }
    }

    var defaults: ConfigSection {
        if case .table(let t)? = root["defaults"] { return ConfigSection(name: "defaults", values: t) }
        return ConfigSection(name: "defaults", values: [:])
    }

    var targetNames: [String] {
        if case .table(let t)? = root["targets"] { return t.keys.sorted() }
        return []
    }

    func target(_ name: String) throws -> ConfigSection {
        guard case .table(let targets)? = root["targets"], case .table(let entry)? = targets[name] else {
            let known = targetNames.isEmpty ? "none defined" : "known: " + targetNames.joined(separator: ", ")
            throw UsageError("no target '\(name)' in \(path) (\(known))")
        }
        return ConfigSection(name: "targets.\(name)", values: entry)
    }

    /// [job] with [targets.NAME.job] merged over it.
    func job(_ job: String, target: String?) -> ConfigSection {
        var merged = root[job] ?? .table([:])
        if let target, case .table(let targets)? = root["targets"], case .table(let entry)? = targets[target],
           let specific = entry[job] {
            merged = merged.merged(with: specific)
        }
        guard case .table(let values) = merged else { return ConfigSection(name: job, values: [:]) }
        return ConfigSection(name: job, values: values)
    }
}
