import DBCore
import Foundation

/// The tables one rule moves: the root, then its children level by level, each with the
/// foreign key that ties it to its parent in the tree.
struct ArchivePlan {
    struct Node {
        var facts: TableFacts
        var archiveName: String
        /// Where the archive copy lives when not beside the live table (PostgreSQL's
        /// pg_temp for tables loaded from an archive file).
        var archiveSchema: String?
        /// Index of the parent node, with the child's columns and the parent's columns.
        var parent: (index: Int, childColumns: [String], parentColumns: [String])?
    }

    let rule: ArchiveRule
    var nodes: [Node]
    var notes: [String] = []
    /// Every foreign key into a moved table comes from a table the plan moves too: the
    /// batch itself deletes every dependent row, so the server's own checks add nothing.
    private(set) var coversEveryForeignKey = true

    init(_ rule: ArchiveRule, connection: DatabaseConnection) throws {
        self.rule = rule
        let root = try TableFacts.read(connection, schema: rule.schema, table: rule.table)
        try root.requireTimeColumn(rule.timeColumn, role: "age")
        try root.requireRowKey("archive")
        for column in rule.match.keys where root.columnTypes[column] == nil {
            throw DBError(
                .undefinedObject, "table \(root.label) has no column \(column) (matched by rule \(rule.name))")
        }
        let dialect = connection.dialect
        nodes = [
            Node(
                facts: root, archiveName: dialect.fitted(rule.table, suffix: rule.suffix), archiveSchema: nil,
                parent: nil)
        ]
        var seen: Set<String> = [rule.table]
        var index = 0
        while index < nodes.count {
            let node = nodes[index]
            let names: [String: SQLValue] = [
                "schema": node.facts.resolvedSchema.map(SQLValue.text) ?? .null, "table": .text(node.facts.table),
            ]
            let keys = try connection.query(
                SQLTemplate.named(.catalogReferencingForeignKeys, server: connection.server)
                    .render(dialect: connection.dialect, parameters: names)
            ).rows
            for key in keys {
                guard let child = key["child_table"] else { continue }
                if child == node.facts.table {
                    coversEveryForeignKey = false
                    notes.append(
                        "\(child) references itself (\(key["constraint_name"] ?? "")): rows of one tree are moved only when their parent is"
                    )
                    continue
                }
                guard !seen.contains(child) else {
                    coversEveryForeignKey = false
                    notes.append(
                        "\(child) is reached by a second foreign key (\(key["constraint_name"] ?? "")): only the first path is followed"
                    )
                    continue
                }
                seen.insert(child)
                let facts = try TableFacts.read(connection, schema: key["child_schema"], table: child)
                try facts.requireRowKey("archive")
                nodes.append(
                    Node(
                        facts: facts, archiveName: dialect.fitted(child, suffix: rule.suffix), archiveSchema: nil,
                        parent: (index, key.stringList("child_columns") ?? [], key.stringList("parent_columns") ?? [])))
            }
            index += 1
        }
        try checkArchiveNames(dialect)
    }

    /// Every archive table a name of its own: not a live table of the plan (an empty
    /// suffix, or one cut away), not another's (two long names shortened alike).
    private func checkArchiveNames(_ dialect: Dialect) throws {
        let live = Set(nodes.map(\.facts.table))
        var taken: [String: String] = [:]
        for node in nodes {
            let name = node.archiveName
            guard dialect.fits(name) else {
                throw DBError(
                    .clientError,
                    "rule \(rule.name): the suffix \(rule.suffix) is too long for an identifier; choose a shorter suffix"
                )
            }
            guard !live.contains(name) else {
                throw DBError(
                    .clientError,
                    "rule \(rule.name): the archive table of \(node.facts.table) would be \(name), a table the rule moves rows from; choose another suffix"
                )
            }
            if let other = taken[name] {
                throw DBError(
                    .clientError,
                    "rule \(rule.name): \(other) and \(node.facts.table) would share the archive table \(name) (names shortened to the server's identifier limit); choose a shorter suffix"
                )
            }
            taken[name] = node.facts.table
        }
    }

    /// Whether another session holds one of the plan's tables (live or archive) whole,
    /// as far as the engine can tell.
    func isHeld(_ connection: DatabaseConnection) -> Bool {
        let held = connection.engine.maintenance.heldTables(connection)
        return nodes.contains { node in
            held.contains {
                $0.names(node.facts.table, in: node.facts.resolvedSchema)
                    || $0.names(node.archiveName, in: node.archiveSchema ?? node.facts.resolvedSchema)
            }
        }
    }

    /// Deepest first: the order rows are deleted in.
    var deletionOrder: [Int] { Array(nodes.indices.reversed()) }

    /// The columns to read from a node's locked rows: its primary key, and whatever
    /// columns its children's foreign keys point at.
    func neededColumns(_ index: Int) -> [String] {
        var columns = nodes[index].facts.rowKey
        for node in nodes {
            guard let parent = node.parent, parent.index == index else { continue }
            for column in parent.parentColumns where !columns.contains(column) { columns.append(column) }
        }
        return columns
    }

    /// The root rows the rule selects now: older than the cutoff, matching every value.
    func condition(cutoff: Date, dialect: Dialect) -> SQLTemplate.Fragment {
        var parts = ["\(dialect.quote(rule.timeColumn)) < :cutoff"]
        var parameters: [String: SQLValue] = ["cutoff": .timestamp(cutoff)]
        for (i, (column, value)) in rule.match.sorted(by: { $0.key < $1.key }).enumerated() {
            parts.append("\(dialect.quote(column)) = :match\(i)")
            parameters["match\(i)"] = .text(value)
        }
        return SQLTemplate.Fragment(parts.joined(separator: " AND "), parameters: parameters)
    }

    var description: String {
        let matched = rule.match.sorted { $0.key < $1.key }.map { "\($0.key) = '\($0.value)'" }
        return "move \(rule.table) rows with "
            + (matched + ["\(rule.timeColumn) older than \(Format.duration(rule.olderThan))"]).joined(
                separator: " and ")
            + (nodes.count > 1 ? ", with " + nodes.dropFirst().map(\.facts.table).joined(separator: ", ") : "")
            + ", into " + nodes.map(\.archiveName).joined(separator: ", ")
    }
}
