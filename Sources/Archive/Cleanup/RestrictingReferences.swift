import DBCore
import Foundation

/// The foreign keys that forbid deleting a cleanup rule's row while it is still referenced:
/// keys into the rule's table with ON DELETE NO ACTION or RESTRICT, and such keys into the
/// tables its rows cascade into (a CASCADE child's row still referenced through a RESTRICT
/// grandchild makes the rule's DELETE fail just the same). An expired row such a key still
/// points at cannot go without breaking that reference: the database refuses the DELETE,
/// and one such row used to fail every batch it fell in, so the rule stopped there on every
/// run and the rows after it were never deleted. Batches now leave such rows out (NOT EXISTS
/// on each key, nested along the cascades; each key's own index serves it, as it serves the
/// DELETE's check); the run deletes the rest and says how many it kept and why. Keys that
/// clear the reference (SET NULL, SET DEFAULT) let the row go, as the application designed.
struct RestrictingReferences {
    struct Key {
        let name: String
        let child: String
        let qualifiedChild: String
        let childColumns: [String]
        let parentColumns: [String]
        /// For a cascading key: the keys below its child that would refuse the cascaded
        /// delete. Empty for a restricting key.
        let below: [Key]
    }

    /// Cascades are followed this many tables down (InnoDB itself stops at 15); a cycle of
    /// cascades is followed once around.
    private static let depth = 4

    let keys: [Key]

    init(_ connection: DatabaseConnection, facts: TableFacts) throws {
        let schema = facts.resolvedSchema ?? facts.schema
        keys = try Self.keys(into: schema, facts.table, connection, path: [[schema ?? "", facts.table]])
    }

    private static func keys(into schema: String?, _ table: String, _ connection: DatabaseConnection, path: [[String]])
        throws -> [Key]
    {
        let names: [String: SQLValue] = ["schema": schema.map(SQLValue.text) ?? .null, "table": .text(table)]
        let d = connection.dialect
        let rows = try connection.query(
            SQLTemplate.named(.catalogReferencingForeignKeys, server: connection.server)
                .render(dialect: d, parameters: names)
        ).rows
        return try rows.compactMap { row in
            guard let child = row["child_table"], let childColumns = row.stringList("child_columns"),
                let parentColumns = row.stringList("parent_columns"),
                !childColumns.isEmpty, childColumns.count == parentColumns.count
            else { return nil }
            var below: [Key] = []
            if row.bool("restricts_delete") != true {
                let place = [row["child_schema"] ?? "", child]
                guard row.bool("cascades_delete") == true, path.count < depth, !path.contains(place) else { return nil }
                below = try keys(into: row["child_schema"], child, connection, path: path + [place])
                guard !below.isEmpty else { return nil }
            }
            return Key(
                name: row["constraint_name"] ?? "", child: child,
                qualifiedChild: d.qualified(row["child_schema"], child),
                childColumns: childColumns, parentColumns: parentColumns, below: below)
        }
    }

    /// `EXISTS (a row of the child pointing at this row of outer)` for one key, and for a
    /// cascading key, `... that some key below still references`. Each level's child has
    /// its own alias, so a table that references itself still compares against the outer row.
    private static func exists(_ key: Key, outer: String, level: Int, _ d: Dialect) -> String {
        let alias = "dbops_ref\(level == 1 ? "" : String(level))"
        let match = zip(key.childColumns, key.parentColumns).map { child, parent in
            "\(alias).\(d.quote(child)) = \(outer).\(d.quote(parent))"
        }
        let below =
            key.below.isEmpty
            ? "" : " AND (" + anyOf(key.below, outer: alias, level: level + 1, d) + ")"
        return
            "EXISTS (SELECT 1 FROM \(key.qualifiedChild) AS \(alias) WHERE \(match.joined(separator: " AND "))\(below))"
    }

    private static func anyOf(_ keys: [Key], outer: String, level: Int, _ d: Dialect) -> String {
        keys.map { exists($0, outer: outer, level: level, d) }.joined(separator: " OR ")
    }

    /// A condition appended to a WHERE clause over `outer` (the rule's table, as the FROM
    /// names it): only rows nothing references through these keys. Empty without keys.
    func unreferenced(outer: String, _ d: Dialect) -> SQLTemplate.Fragment {
        SQLTemplate.Fragment(keys.map { " AND NOT " + Self.exists($0, outer: outer, level: 1, d) }.joined())
    }

    /// The opposite: only rows some key still references.
    func referenced(outer: String, _ d: Dialect) -> SQLTemplate.Fragment {
        SQLTemplate.Fragment(keys.isEmpty ? " AND 1 = 0" : " AND (" + Self.anyOf(keys, outer: outer, level: 1, d) + ")")
    }

    /// The keys in words: `ref_k_fkey (ref)`, and through a cascade
    /// `grand_fkey (grand, through child_fkey (child))`.
    var described: String { Self.described(keys, through: "") }

    private static func described(_ keys: [Key], through: String) -> String {
        keys.map { key in
            key.below.isEmpty
                ? "\(key.name) (\(key.child)\(through))"
                : described(key.below, through: ", through \(key.name) (\(key.child)\(through))")
        }.joined(separator: ", ")
    }
}
