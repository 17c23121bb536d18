import Foundation

/// A JSON scalar for free-form report details (a table's size, a session's query text),
/// so reports stay plain Codable values with stable, typed JSON.
public enum JSONValue: Codable, Sendable, Equatable, CustomStringConvertible {
    case string(String)
    case number(Double)
    case integer(Int64)
    case bool(Bool)
    case null

    public init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let b = try? container.decode(Bool.self) {
            self = .bool(b)
        } else if let i = try? container.decode(Int64.self) {
            self = .integer(i)
        } else if let d = try? container.decode(Double.self) {
            self = .number(d)
        } else {
            self = .string(try container.decode(String.self))
        }
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .string(let s): try container.encode(s)
        case .number(let d): d.isFinite ? try container.encode(d) : try container.encodeNil()
        case .integer(let i): try container.encode(i)
        case .bool(let b): try container.encode(b)
        case .null: try container.encodeNil()
        }
    }

    public var description: String {
        switch self {
        case .string(let s): return s
        case .number(let d): return d == d.rounded() && abs(d) < 1e15 ? String(Int64(d)) : String(format: "%.2f", d)
        case .integer(let i): return String(i)
        case .bool(let b): return b ? "yes" : "no"
        case .null: return "-"
        }
    }

    public var doubleValue: Double? {
        switch self {
        case .number(let d): return d
        case .integer(let i): return Double(i)
        case .string(let s): return Double(s)
        default: return nil
        }
    }

    /// Best typed reading of a text value from a row: integers, decimals, booleans, text.
    public static func from(text: String?) -> JSONValue {
        guard let text else { return .null }
        if let i = Int64(text) { return .integer(i) }
        if let d = Double(text), text.contains(".") || text.contains("e") { return .number(d) }
        return .string(text)
    }
}

public extension Row {
    /// The row as typed JSON values, keyed by column name.
    var jsonObject: [String: JSONValue] {
        var out: [String: JSONValue] = [:]
        for (i, name) in layout.names.enumerated() { out[name] = JSONValue.from(text: values[i]) }
        return out
    }
}
