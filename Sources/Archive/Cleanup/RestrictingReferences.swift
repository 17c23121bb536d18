import DBCore
import Foundation

/// The foreign keys into a cleanup rule's table that forbid deleting a row still referenced
/// (ON DELETE NO ACTION or RESTRICT). An expired row another table still points at cannot
/// go without breaking that reference: the database refuses the DELETE, and one such row
/// used to fail every batch it fell in, so the rule stopped there on every run and the
/// rows after it were never deleted. Batches now leave such rows out (NOT EXISTS on each
/// key, which the key's own index serves as it serves the DELETE's check); the run deletes
/// the rest and says how many it kept and why. Keys that cascade or clear the reference
/// (CASCADE, SET NULL, SET DEFAULT) let the row go, as the application designed them to.
struct RestrictingReferences {
    struct Key {
        let name: String
        let child: String
        let qualifiedChild: String
        let childColumns: [String]
        let parentColumns: [String]
    }

    let keys: [Key]

    init(_ connection: DatabaseConnection, facts: TableFacts) throws {
        let names: [String: SQLValue] = [
            "schema": facts.resolvedSchema.map(SQLValue.text) ?? facts.schema.map(SQLValue.text) ?? .null,
            "table": .text(facts.table),
        ]
        let d = connection.dialect
        keys = try connection.query(
            SQLTemplate.named(.catalogReferencingForeignKeys, server: connection.server)
                .render(dialect: d, parameters: names)
        ).rows.compactMap { row in
            guard row.bool("restricts_delete") == true, let table = row["child_table"],
                let childColumns = row.stringList("child_columns"),
                let parentColumns = row.stringList("parent_columns"),
                !childColumns.isEmpty, childColumns.count == parentColumns.count
            else { return nil }
            return Key(
                name: row["constraint_name"] ?? "", child: table,
                qualifiedChild: d.qualified(row["child_schema"], table),
                childColumns: childColumns, parentColumns: parentColumns)
        }
    }

    /// `EXISTS (a row of the child pointing at this row of outer)` for one key. The child
    /// is aliased, so a table that references itself still compares against the outer row.
    private func exists(_ key: Key, outer: String, _ d: Dialect) -> String {
        let match = zip(key.childColumns, key.parentColumns).map { child, parent in
            "dbops_ref.\(d.quote(child)) = \(outer).\(d.quote(parent))"
        }
        return "EXISTS (SELECT 1 FROM \(key.qualifiedChild) AS dbops_ref WHERE \(match.joined(separator: " AND ")))"
    }

    /// A condition appended to a WHERE clause over `outer` (the rule's table, as the FROM
    /// names it): only rows nothing references through these keys. Empty without keys.
    func unreferenced(outer: String, _ d: Dialect) -> SQLTemplate.Fragment {
        SQLTemplate.Fragment(keys.map { " AND NOT " + exists($0, outer: outer, d) }.joined())
    }

    /// The opposite: only rows some key still references.
    func referenced(outer: String, _ d: Dialect) -> SQLTemplate.Fragment {
        SQLTemplate.Fragment(
            keys.isEmpty
                ? " AND 1 = 0" : " AND (" + keys.map { exists($0, outer: outer, d) }.joined(separator: " OR ") + ")")
    }

    /// The keys in words: `ref_k_fkey (ref)`.
    var described: String { keys.map { "\($0.name) (\($0.child))" }.joined(separator: ", ") }
}
