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
        var out: [String] = []
        for (table, line) in columnLines(in: script) {
            guard let (column, expression) = parsed(line),
                used.contains(where: { TableDefinitionScript.mentions(expression, $0) }),
                let found = try admin.named(.restoreColumnHasDefault, [.text(table), .text(unquoted(column))]).first,
                found["has_default"] == "false", let schema = found["schema"], let name = found["table"]
            else { continue }
            out.append(
                try SQLTemplate.named(.restoreSetColumnDefault, server: admin.server).fragment(
                    dialect: admin.dialect, identifiers: ["schema": schema, "table": name, "column": unquoted(column)],
                    fragments: ["expression": .init(expression)]
                ).text)
        }
        return out
    }

    /// The columns of `script`'s tables that use one of `used` (a dropped schema's type or
    /// function) and that the target's table, which it has, lacks: DROP ... CASCADE took the
    /// column with its values, which only a restore of that table brings back. Each said.
    static func dropped(in script: String, used: [String], admin: PostgresConnection) throws -> [String] {
        try columnLines(in: script).compactMap { table, line in
            guard let end = nameEnd(line), used.contains(where: { TableDefinitionScript.mentions(String(line), $0) }),
                // The table's own names, if the target has it (any constraint name does).
                let found = try admin.named(.restoreTableHasConstraint, [.text(table), .text("")]).first,
                let schema = found["schema"], let name = found["table"],
                try admin.named(.restoreColumnHasDefault, [.text(table), .text(unquoted(String(line[..<end])))])
                    .first == nil
            else { return nil }
            return
                "\(table) lacks column \(line[..<end]), which the backup holds and which uses what this restore created: the DROP ... CASCADE took it with its values, which are in the backup: restore --table '\(schema).\(name)' after dropping the table (rows written since the backup are lost with it), or restore the backup into another database and copy them back"
        }
    }

    /// Each column's line of `script`'s CREATE TABLE statements (bodyLines, constraints
    /// left out).
    static func columnLines(in script: String) -> [(table: String, line: Substring)] {
        bodyLines(in: script).filter { !$0.line.hasPrefix("CONSTRAINT ") }
    }

    /// Each line of `script`'s CREATE TABLE statements' bodies, a column's or a
    /// constraint's (without its indent), with its table as pg_dump names it: a line that
    /// follows the statement's first line or a line ending in a comma; one whose quoted
    /// literal holds a line break is joined up with the lines it runs on to.
    static func bodyLines(in script: String) -> [(table: String, line: Substring)] {
        var table: String?
        var follows = false
        var open: String?
        var out: [(table: String, line: Substring)] = []
        for line in script.split(separator: "\n", omittingEmptySubsequences: false) {
            if let start = open, let table {
                let text = start + "\n" + line
                open = literalOpen(text) ? text : nil
                if open == nil { out.append((table, Substring(text))) }
                follows = line.hasSuffix(",")
                continue
            }
            if let name = created(line) {
                (table, follows) = (name, true)
                continue
            }
            defer { follows = table != nil && line.hasSuffix(",") }
            if line.hasPrefix(")") { table = nil }
            guard let table, follows, line.hasPrefix("    "), !line.hasPrefix("     ") else { continue }
            let body = line.dropFirst(4)
            if literalOpen(body) { open = String(body) } else { out.append((table, body)) }
        }
        return out
    }

    /// Whether `text` ends inside a quoted literal ('...', '' a quote inside it), quoted
    /// identifiers ("...", which may hold ') read past.
    static func literalOpen<S: StringProtocol>(_ text: S) -> Bool {
        var single = false, double = false
        for c in text {
            if c == "\"", !single { double.toggle() }
            if c == "'", !double { single.toggle() }
        }
        return single
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
