import DBCore
import Foundation
import TOMLKit

/// A value read from the config file, detached from the TOML library.
indirect enum ConfigValue {
    case string(String)
    /// TOML's integers kept whole: as a Double, 2^53 + 1 would read as 2^53 and
    /// 9223372036854775807 would be echoed back as 9.22337e+18 in the range error.
    case integer(Int)
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
            self = .integer(int)
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
