import DBCore
import Foundation

/// `restore --table` reloads chosen tables of a live database. A table that tables outside
/// the chosen set reference cannot simply be emptied and reloaded: PostgreSQL refuses to
/// TRUNCATE it, and MySQL/MariaDB (foreign-key checks off while loading) would leave
/// referencing rows without their parent. Such a reload is refused, naming the
/// referencing tables, unless the operator asks for it (`--disable-triggers`, as
/// pg_restore calls it); then every foreign key touching the reloaded tables is checked
/// row by row before the reload commits.
struct ForeignKeyGuard {
    struct Link {
        var name: String
        var childSchema: String
        var childTable: String
        var parentSchema: String
        var parentTable: String
        var childColumns: [String]
        var parentColumns: [String]

        var child: String { "\(childSchema).\(childTable)" }
        var parent: String { "\(parentSchema).\(parentTable)" }
    }

    let links: [Link]
    /// "schema.table" of the reloaded tables.
    let chosen: Set<String>

    /// `created`: chosen tables this restore has just created (the target lacked them).
    /// Nothing of theirs is emptied, so keys from outside into them are neither refused
    /// nor checked: a referencing row without its parent was so before the restore.
    init(_ connection: DatabaseConnection, chosen: Set<String>, created: Set<String> = []) throws {
        let links = try connection.named(.backupForeignKeyColumns).rows.map { row in
            Link(
                name: row["name"] ?? "", childSchema: row["child_schema"] ?? "", childTable: row["child_table"] ?? "",
                parentSchema: row["parent_schema"] ?? "", parentTable: row["parent_table"] ?? "",
                childColumns: row.stringList("child_columns") ?? [],
                parentColumns: row.stringList("parent_columns") ?? [])
        }
        self.links = links.filter { !(created.contains($0.parent) && !chosen.contains($0.child)) }
        self.chosen = chosen
    }

    /// Foreign keys from tables outside the chosen set into it.
    var fromOutside: [Link] { links.filter { chosen.contains($0.parent) && !chosen.contains($0.child) } }

    /// Every foreign key with a reloaded table on either side.
    var touching: [Link] { links.filter { chosen.contains($0.parent) || chosen.contains($0.child) } }

    /// The refusal when tables outside reference the chosen ones and the operator did not
    /// ask to reload in place.
    func refusal() -> DBError? {
        let outside = fromOutside
        guard !outside.isEmpty else { return nil }
        let named = outside.map { "\($0.childTable) (\($0.name) -> \($0.parentTable))" }
        let tables = Array(Set(outside.map(\.childTable))).sorted()
        return DBError(
            .clientError,
            "the chosen table(s) are referenced by \(named.joined(separator: ", ")): reload those tables too (--table \(tables.joined(separator: " --table "))), or add --disable-triggers to reload in place (foreign keys not enforced while loading; every referencing row is then checked before commit)"
        )
    }

    /// Referencing rows (of `links`) whose parent is missing: the first offending key, or
    /// nil. NULL in any key column means no reference (MATCH SIMPLE).
    func orphan(_ link: Link, _ connection: DatabaseConnection) throws -> String? {
        let d = connection.dialect
        let child = d.qualified(link.childSchema, link.childTable),
            parent = d.qualified(link.parentSchema, link.parentTable)
        let notNull = link.childColumns.map { "c.\(d.quote($0)) IS NOT NULL" }
        let match = zip(link.parentColumns, link.childColumns).map { "p.\(d.quote($0)) = c.\(d.quote($1))" }
        let sql =
            "SELECT " + link.childColumns.map { "c.\(d.quote($0))" }.joined(separator: ", ")
            + " FROM \(child) c WHERE " + notNull.joined(separator: " AND ")
            + " AND NOT EXISTS (SELECT 1 FROM \(parent) p WHERE " + match.joined(separator: " AND ") + ") LIMIT 1"
        guard let row = try connection.query(sql).first else { return nil }
        return row.values.map { $0 ?? "NULL" }.joined(separator: ",")
    }

    /// Throws naming the first foreign key (of `links`) a row breaks.
    func check(_ links: [Link], _ connection: DatabaseConnection) throws {
        for link in links {
            if let key = try orphan(link, connection) {
                throw DBError(
                    .clientError,
                    "\(link.childTable) row(s) with \(link.childColumns.joined(separator: ",")) = (\(key)) would reference no \(link.parentTable) row after the reload (\(link.name)); rolled back"
                )
            }
        }
    }
}
