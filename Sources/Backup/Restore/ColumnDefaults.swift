import DBCore

/// Other tables' column defaults that a DROP ... CASCADE of what a restore --table creates
/// took with it: a default calling nextval of a sequence the dropped table owned (a table
/// made LIKE it, INCLUDING DEFAULTS), or a dropped schema's function (DROP SCHEMA public
/// CASCADE takes uuid-ossp and every uuid_generate_v4() default). pg_dump writes a
/// default inside its table's CREATE TABLE, one column a line, so they are read from the
/// backup's definitions of the tables the target still has.
enum ColumnDefaults {
    /// An `ALTER TABLE ... SET DEFAULT` for each column of `script` (pg_restore's CREATE
    /// TABLE statements) whose default names one of `used` (TableDefinitionScript.mentions)
    /// and which the target has with no default at all.
    static func lost(in script: String, used: [String], admin: PostgresConnection) throws -> [String] {
        var table: String?
        var columnFollows = false
        var out: [String] = []
        for line in script.split(separator: "\n", omittingEmptySubsequences: false) {
            if let name = created(line) {
                (table, columnFollows) = (name, true)
                continue
            }
            // A column's line follows the statement's first line or a line ending in a comma:
            // not the rest of a quoted default broken over lines.
            defer { columnFollows = table != nil && line.hasSuffix(",") }
            guard let table, columnFollows, line.hasPrefix("    "),
                let (column, expression) = parsed(line.dropFirst(4)),
                used.contains(where: { TableDefinitionScript.mentions(expression, $0) }),
                let found = try admin.named(.restoreColumnHasDefault, [.text(table), .text(unquoted(column))]).first,
                found["has_default"] == "false", let schema = found["schema"], let name = found["table"]
            else {
                if line.hasPrefix(")") { table = nil }
                continue
            }
            out.append(
                try SQLTemplate.named(.restoreSetColumnDefault, server: admin.server).fragment(
                    dialect: admin.dialect, identifiers: ["schema": schema, "table": name, "column": unquoted(column)],
                    fragments: ["expression": .init(expression)]
                ).text)
        }
        return out
    }

    /// The table a "CREATE TABLE name (" line starts, as pg_dump names it.
    static func created(_ line: Substring) -> String? {
        guard line.hasPrefix("CREATE "), line.hasSuffix(" (") else { return nil }
        let rest = line.dropFirst("CREATE ".count)
        for kind in ["TABLE ", "UNLOGGED TABLE "] where rest.hasPrefix(kind) {
            return String(rest.dropFirst(kind.count).dropLast(2))
        }
        return nil
    }

    /// A column's line, `name type ... DEFAULT expression [NOT NULL][,]`: its name as written
    /// (quoted where pg_dump quotes it) and its default's expression; nil for a column
    /// without a default, a constraint's line, or a line that does not read so.
    static func parsed(_ line: Substring) -> (column: String, expression: String)? {
        guard !line.hasPrefix("CONSTRAINT "), !line.hasPrefix(" "), let end = nameEnd(line),
            let range = line[end...].range(of: " DEFAULT ")
        else { return nil }
        var expression = line[range.upperBound...]
        if expression.hasSuffix(",") { expression = expression.dropLast() }
        if expression.hasSuffix(" NOT NULL") { expression = expression.dropLast(" NOT NULL".count) }
        return expression.isEmpty ? nil : (String(line[..<end]), String(expression))
    }

    /// Where a column's name ends: after its closing quote ("" inside it is a quote), or
    /// at the first space.
    static func nameEnd(_ line: Substring) -> Substring.Index? {
        guard line.first == "\"" else { return line.firstIndex(of: " ") }
        var i = line.index(after: line.startIndex)
        while i < line.endIndex {
            if line[i] == "\"" {
                let next = line.index(after: i)
                guard next < line.endIndex, line[next] == "\"" else { return next }
                i = line.index(after: next)
            } else {
                i = line.index(after: i)
            }
        }
        return nil
    }

    /// A column's name without pg_dump's quotes.
    static func unquoted(_ column: String) -> String {
        guard column.hasPrefix("\""), column.hasSuffix("\""), column.count >= 2 else { return column }
        return String(column.dropFirst().dropLast()).replacingOccurrences(of: "\"\"", with: "\"")
    }
}
