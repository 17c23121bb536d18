import Foundation
import DBCore

/// What a maintenance job must know about a table before touching it.
struct TableFacts {
    let schema: String?
    let table: String
    /// Column name -> type name as the catalog spells it.
    let columnTypes: [String: String]
    let columns: [String]
    /// The columns that name one row: the primary key, else a unique index on NOT NULL
    /// columns (catalog/row_key.sql); empty when the table has neither.
    let rowKey: [String]
    /// Columns the server computes (never copied).
    let generated: Set<String>
    /// The schema the table was found in (PostgreSQL: via the search_path).
    let resolvedSchema: String?

    static func read(_ connection: DatabaseConnection, schema: String?, table: String) throws -> TableFacts {
        let names: [String: SQLValue] = ["schema": schema.map(SQLValue.text) ?? .null, "table": .text(table)]
        let columnRows = try connection.query(
            SQLTemplate.named(.catalogColumns, server: connection.server)
                .render(dialect: connection.dialect, parameters: names)
        ).rows
        guard !columnRows.isEmpty else {
            throw DBError(
                .undefinedObject, "table \([schema, table].compactMap { $0 }.joined(separator: ".")) does not exist")
        }
        let key = try connection.query(
            SQLTemplate.named(.catalogRowKey, server: connection.server)
                .render(dialect: connection.dialect, parameters: names)
        ).rows.compactMap { $0["column_name"] }
        var types: [String: String] = [:]
        for row in columnRows {
            if let name = row["column_name"] { types[name] = (row["type_name"] ?? "").lowercased() }
        }
        return TableFacts(
            schema: schema, table: table, columnTypes: types, columns: columnRows.compactMap { $0["column_name"] },
            rowKey: key,
            generated: Set(columnRows.filter { $0.bool("is_generated") == true }.compactMap { $0["column_name"] }),
            resolvedSchema: columnRows.first?["schema_name"])
    }

    /// How a statement reads `column` when its values come back to dbops: a type whose text
    /// would not carry its value (EngineCapabilities.carriedTypes: MySQL bytes as hex, BIT
    /// as a number, FLOAT as DOUBLE), so a key carried to the next statement names exactly
    /// the row it was read from.
    func readExpression(_ column: String, _ dialect: Dialect) -> String {
        dialect.engine.capabilities.readExpression(dialect.quote(column), type: columnTypes[column] ?? "")
    }

    /// How a statement compares `column` with a value dbops read (from hex for bytes).
    func boundExpression(_ column: String, _ placeholder: String, _ dialect: Dialect) -> String {
        dialect.engine.capabilities.boundExpression(placeholder, type: columnTypes[column] ?? "")
    }

    /// The select list of columns whose values come back to dbops.
    func readList(_ columns: [String], _ dialect: Dialect) -> String {
        columns.map { readExpression($0, dialect) }.joined(separator: ", ")
    }

    var label: String { [schema, table].compactMap { $0 }.joined(separator: ".") }

    /// Columns a copy of the rows carries: all but the generated ones.
    var copiedColumns: [String] { columns.filter { !generated.contains($0) } }

    func qualified(_ dialect: Dialect) -> String { dialect.qualified(schema, table) }

    /// Whether some index starts with `column` (so a range on it is read through it).
    func hasLeadingIndex(on column: String, _ connection: DatabaseConnection) throws -> Bool {
        let parameters: [String: SQLValue] = [
            "schema": schema.map(SQLValue.text) ?? .null, "table": .text(table), "column": .text(column),
        ]
        return try !connection.query(
            SQLTemplate.named(.catalogLeadingIndex, server: connection.server)
                .render(dialect: connection.dialect, parameters: parameters)
        ).rows.isEmpty
    }

    /// The column must exist and hold a point in time.
    func requireTimeColumn(_ column: String, role: String) throws {
        guard let type = columnTypes[column] else {
            throw DBError(.undefinedObject, "table \(label) has no column \(column) (the \(role) column)")
        }
        let times: Set<String> = ["timestamptz", "timestamp", "date", "datetime"]
        guard times.contains(type) else {
            throw DBError(
                .clientError, "column \(label).\(column) is \(type), not a timestamp: it cannot be the \(role) column")
        }
    }

    func requireRowKey(_ job: String) throws {
        guard !rowKey.isEmpty else {
            throw DBError(
                .clientError,
                "\(job) needs a primary key, or a unique index on NOT NULL columns, on \(label): without one a batch cannot name the rows it changes"
            )
        }
    }
}

/// The server's clock, as the instant every rule of one run measures age against.
func serverNow(_ connection: DatabaseConnection) throws -> Date {
    let text = try connection.scalar(connection.capabilities.utcNowSQL) ?? ""
    guard let date = parseUTCTimestamp(text) else {
        throw DBError(.clientError, "cannot read the server's clock (\(text))")
    }
    return date
}

/// "2026-11-21 22:05:01.123456" (UTC) -> Date.
func parseUTCTimestamp(_ text: String) -> Date? {
    let parts = text.split(whereSeparator: { $0 == " " || $0 == "T" })
    guard parts.count >= 2 else { return nil }
    let date = parts[0].split(separator: "-").compactMap { Int($0) }
    let clock = parts[1].split(separator: ":")
    guard date.count == 3, clock.count == 3, let h = Int(clock[0]), let m = Int(clock[1]), let s = Double(clock[2])
    else { return nil }
    let whole = CivilTime(year: date[0], month: date[1], day: date[2], hour: h, minute: m).unixSeconds
    return Date(timeIntervalSince1970: TimeInterval(whole) + s)
}
