import DBCore

/// Other tables' CHECK constraints that a DROP ... CASCADE of what a restore --table
/// creates took with it: one calling a dropped schema's function. pg_dump writes a CHECK
/// constraint inside its table's CREATE TABLE, one a line (`CONSTRAINT name CHECK (...)`,
/// a literal's line break aside),
/// so they are read from the backup's definitions of the tables the target still has, as
/// ColumnDefaults reads their defaults.
enum InlineChecks {
    /// An `ALTER TABLE ... ADD CONSTRAINT` for each CHECK constraint of `script`
    /// (pg_restore's CREATE TABLE statements) that names one of `used`
    /// (TableDefinitionScript.mentions) and that the target's table lacks by name.
    static func lost(in script: String, used: [String], admin: PostgresConnection) throws -> [String] {
        try ColumnDefaults.bodyLines(in: script).compactMap { table, line in
            guard let (name, definition) = parsed(line),
                used.contains(where: { TableDefinitionScript.mentions(definition, $0) }),
                let found = try admin.named(.restoreTableHasConstraint, [.text(table), .text(name)]).first,
                found["has_constraint"] == "false", let schema = found["schema"], let relation = found["table"]
            else { return nil }
            return try SQLTemplate.named(.restoreAddCheckConstraint, server: admin.server).fragment(
                dialect: admin.dialect, identifiers: ["schema": schema, "table": relation, "constraint": name],
                fragments: ["definition": .init(definition)]
            ).text
        }
    }

    /// A constraint's line of a CREATE TABLE without its indent, `CONSTRAINT name CHECK
    /// (...)[,]` (ColumnDefaults.bodyLines): its name (without pg_dump's quotes) and its
    /// definition from CHECK on; nil for any other line.
    static func parsed(_ line: Substring) -> (name: String, definition: String)? {
        let prefix = "CONSTRAINT "
        guard line.hasPrefix(prefix) else { return nil }
        let rest = line.dropFirst(prefix.count)
        guard let end = ColumnDefaults.nameEnd(rest), rest[end...].hasPrefix(" CHECK (") else { return nil }
        var definition = rest[rest.index(after: end)...]
        if definition.hasSuffix(",") { definition = definition.dropLast() }
        guard definition.hasSuffix(")") || definition.hasSuffix(" NOT VALID") else { return nil }
        return (ColumnDefaults.unquoted(String(rest[..<end])), String(definition))
    }
}
