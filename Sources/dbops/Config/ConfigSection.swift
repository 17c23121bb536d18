import DBCore
import Foundation
import TOMLKit

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
        switch value {
        case .number(let n): return n
        case .integer(let n): return Double(n)
        default: throw UsageError("config: \(name).\(key) must be a number")
        }
    }

    /// The value as written: an integer exactly, a number as Format shows it.
    func written(_ key: String) -> String {
        switch values[key] {
        case .integer(let n): return String(n)
        case .number(let n): return Format.number(n)
        default: return "?"
        }
    }

    func bool(_ key: String) throws -> Bool? {
        guard let value = values[key] else { return nil }
        guard case .bool(let b) = value else { throw UsageError("config: \(name).\(key) must be true or false") }
        return b
    }

    func strings(_ key: String) throws -> [String]? {
        guard let value = values[key] else { return nil }
        guard case .array(let items) = value else {
            throw UsageError("config: \(name).\(key) must be a list of strings")
        }
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
