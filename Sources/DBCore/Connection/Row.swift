import Foundation

/// Column names of a result, shared by all its rows.
public final class ColumnLayout: @unchecked Sendable {
    public let names: [String]
    private let positions: [String: Int]

    public init(names: [String]) {
        self.names = names
        var positions: [String: Int] = [:]
        for (i, name) in names.enumerated() where positions[name] == nil { positions[name] = i }
        self.positions = positions
    }

    public func index(of name: String) -> Int? { positions[name] }
}

/// One row in text form. Both drivers deliver values as the server's text representation
/// (PostgreSQL text format, MySQL text protocol or client-side conversion), so a report
/// reads numbers exactly as the server printed them.
public struct Row: Sendable {
    public let layout: ColumnLayout
    public let values: [String?]

    public init(layout: ColumnLayout, values: [String?]) {
        self.layout = layout
        self.values = values
    }

    public subscript(_ name: String) -> String? {
        guard let i = layout.index(of: name) else { return nil }
        return values[i]
    }

    public subscript(_ index: Int) -> String? { values[index] }

    public func string(_ name: String) -> String? { self[name] }
    public func int(_ name: String) -> Int? { self[name].flatMap { Int($0) ?? Double($0).map { Int($0) } } }
    public func int64(_ name: String) -> Int64? { self[name].flatMap { Int64($0) ?? Double($0).map { Int64($0) } } }
    public func double(_ name: String) -> Double? { self[name].flatMap(Double.init) }

    /// PostgreSQL prints booleans as t/f, MySQL as 1/0.
    public func bool(_ name: String) -> Bool? {
        switch self[name]?.lowercased() {
        case "t", "true", "1", "yes", "on": return true
        case "f", "false", "0", "no", "off": return false
        default: return nil
        }
    }

    /// A JSON array of strings (identifiers a query lists in order: any character may be
    /// in a name, so no separator can be trusted); nil when the value is not one.
    public func stringList(_ name: String) -> [String]? {
        self[name].flatMap { try? JSONDecoder().decode([String].self, from: Data($0.utf8)) }
    }

    /// Dictionary form, for JSON output of free-form details.
    public var dictionary: [String: String?] {
        var out: [String: String?] = [:]
        for (i, name) in layout.names.enumerated() { out[name] = values[i] }
        return out
    }
}

/// A fully read (small) result.
public struct ResultSet: Sendable {
    public let columns: [String]
    public let rows: [Row]
    /// Rows affected for INSERT/UPDATE/DELETE; row count for SELECT.
    public let affectedRows: Int64

    public init(columns: [String], rows: [Row], affectedRows: Int64) {
        self.columns = columns
        self.rows = rows
        self.affectedRows = affectedRows
    }

    public var first: Row? { rows.first }
}
