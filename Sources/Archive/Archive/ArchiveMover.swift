import DBCore
import Foundation

/// Moves the rows of chosen roots, with all their children, between the live tables and
/// the archive tables — one batch per transaction: lock every row involved (level by
/// level, through the primary key and the foreign keys' indexes, by explicit key lists),
/// copy each table's rows (parents first), check the counts, delete (children first),
/// commit.
struct ArchiveMover {
    enum Direction { case archive, restore }

    struct Moved {
        var roots = 0
        /// Rows per table.
        var rows: [String: Int64] = [:]
        /// The primary key of the batch's last root: where the next batch starts.
        var lastKey: [String]?
    }

    let plan: ArchivePlan
    let connection: DatabaseConnection

    private var dialect: Dialect { connection.dialect }

    /// Which copy of a table: the live one, or its archive (an archive table, or a
    /// temporary table loaded from an archive file).
    enum Side { case live, archived }

    private func template(_ name: QueryName) throws -> SQLTemplate {
        try SQLTemplate.named(name, server: connection.server)
    }

    private func table(_ node: ArchivePlan.Node, _ side: Side) -> SQLTemplate.Fragment {
        switch side {
        case .live: return .init(dialect.qualified(node.facts.resolvedSchema, node.facts.table))
        case .archived:
            return .init(dialect.qualified(node.archiveSchema ?? node.facts.resolvedSchema, node.archiveName))
        }
    }

    private func columnList(_ columns: [String]) -> SQLTemplate.Fragment {
        .init(columns.map(dialect.quote).joined(separator: ", "))
    }

    /// Columns whose values come back to dbops (keys it binds again, rows it compares).
    private func readList(_ columns: [String], of index: Int) -> SQLTemplate.Fragment {
        .init(plan.nodes[index].facts.readList(columns, dialect))
    }

    /// Archive tables that are missing, as CREATE statements; with `create`, also made.
    /// An existing archive table must hold every column its live table copies.
    func prepareArchiveTables(create: Bool) throws -> [String] {
        var statements: [String] = []
        for node in plan.nodes {
            let schema = node.facts.resolvedSchema
            if let existing = try? TableFacts.read(connection, schema: schema, table: node.archiveName) {
                let missing = node.facts.copiedColumns.filter { existing.columnTypes[$0] == nil }
                guard missing.isEmpty else {
                    throw DBError(
                        .clientError,
                        "archive table \(node.archiveName) lacks column(s) \(missing.joined(separator: ", ")) of \(node.facts.table)"
                    )
                }
                continue
            }
            let rendered = try template(.archiveCreateArchiveTable).render(
                dialect: dialect, fragments: ["archive": table(node, .archived), "table": table(node, .live)])
            statements.append(withoutHeaderComment(rendered.sql))
            guard create else { continue }
            // Made by the live table's owner where the engine has owners and dbops' role may
            // act as it: the application reads (and dumps) its archive as itself.
            try DDLRetry.run {
                try connection.transaction {
                    try connection.engine.maintenance.actAsOwner(
                        of: table(node, .live).text, creatingIn: node.archiveSchema ?? schema, inItsTablespace: false,
                        connection)
                    try connection.executeScript(rendered.sql)
                }
            }
        }
        return statements
    }

    /// How many roots the rule selects now.
    func countDue(cutoff: Date) throws -> Int64 {
        let rendered = try template(.archiveCountDue).render(
            dialect: dialect,
            fragments: [
                "table": table(plan.nodes[0], .live), "condition": plan.condition(cutoff: cutoff, dialect: dialect),
            ])
        return try connection.query(rendered).first?.int64("due") ?? 0
    }

    private func lockRoots(limit: Int, cutoff: Date, after: [String]?) throws -> SQLTemplate.Rendered {
        let keys = plan.nodes[0].facts.rowKey
        return try template(.archiveLockRoots).render(
            dialect: dialect,
            fragments: [
                "table": table(plan.nodes[0], .live), "columns": readList(plan.neededColumns(0), of: 0),
                "keys": columnList(keys), "condition": plan.condition(cutoff: cutoff, dialect: dialect),
                "after": KeyResume.fragment(keys: keys, after: after, facts: plan.nodes[0].facts, dialect: dialect),
            ],
            parameters: ["limit": .int(Int64(limit))])
    }

    /// The key of the first root a batch of one would lock now (the same SKIP LOCKED
    /// statement, in a transaction of its own that keeps nothing).
    func nextDueKey(cutoff: Date, after: [String]?) throws -> [String]? {
        let keyCount = plan.nodes[0].facts.rowKey.count
        return try connection.transaction {
            try connection.query(lockRoots(limit: 1, cutoff: cutoff, after: after)).first.map {
                Array($0.values.map { $0 ?? "" }.prefix(keyCount))
            }
        }
    }

    /// One archive batch: up to `limit` roots the rule selects after the key `after` (the
    /// last batch's last root), in one transaction.
    func archiveBatch(limit: Int, cutoff: Date, after: [String]? = nil) throws -> Moved {
        try connection.transaction {
            var roots: [[String]] = []
            try connection.stream(lockRoots(limit: limit, cutoff: cutoff, after: after)) { row in
                roots.append(row.values.map { $0 ?? "" })
            }
            guard !roots.isEmpty else { return Moved() }
            var moved = try move(lockedRoots: roots, .archive)
            // The key columns lead each root's columns (ArchivePlan.neededColumns).
            moved.lastKey = roots.last.map { Array($0.prefix(plan.nodes[0].facts.rowKey.count)) }
            return moved
        }
    }

    /// Brings chosen roots (by primary key) back from the archive tables, in one transaction.
    func restoreBatch(_ keys: [[String]]) throws -> Moved {
        try connection.transaction {
            let root = plan.nodes[0]
            let rows = try lock(
                0, KeyList.fragment(root.facts.rowKey, keys, prefix: "k", facts: root.facts, dialect: dialect),
                from: .archived)
            guard rows.count == keys.count else {
                throw DBError(
                    .clientError,
                    "only \(rows.count) of the \(keys.count) chosen \(root.facts.table) rows are in \(root.archiveName)"
                )
            }
            return try move(lockedRoots: rows, .restore)
        }
    }

    /// The statements of a batch, for --dry-run (key lists shown as placeholders).
    func statements(cutoff: Date, limit: Int) throws -> [String] {
        var out = [try lockRoots(limit: limit, cutoff: cutoff, after: nil).shown]
        let example: (Int) -> SQLTemplate.Fragment = { _ in SQLTemplate.Fragment("<keys locked one level up>") }
        for index in plan.nodes.indices.dropFirst() {
            let node = plan.nodes[index]
            out.append(
                try template(.archiveLockRows).render(
                    dialect: dialect,
                    fragments: [
                        "table": table(node, .live), "columns": columnList(plan.neededColumns(index)),
                        "predicate": .init("\(columnList(node.parent!.childColumns).text) IN (\(example(index).text))"),
                    ]
                ).shown)
        }
        for index in plan.nodes.indices {
            let node = plan.nodes[index]
            out.append(
                try copy(
                    index, .init("\(columnList(node.facts.rowKey).text) IN (<locked keys>)"), from: .live,
                    to: .archived
                ).shown)
        }
        for index in plan.deletionOrder {
            let node = plan.nodes[index]
            out.append(
                try delete(index, .init("\(columnList(node.facts.rowKey).text) IN (<locked keys>)"), from: .live)
                    .shown)
        }
        return out
    }

    /// Of the chosen roots, those already in the live tables, split into the ones whose
    /// every row (root and children, every copied column) equals their copy on the
    /// archived side, and the ones that differ. A restore interrupted after some batches
    /// committed leaves such roots; the re-run skips the identical ones and refuses to
    /// touch one that differs.
    func alreadyLive(_ roots: [[String]]) throws -> (identical: [[String]], different: [[String]]) {
        let root = plan.nodes[0]
        var live: [[String]] = []
        for start in stride(from: 0, to: roots.count, by: 500) {
            let slice = Array(roots[start..<min(roots.count, start + 500)])
            live += try read(
                0, KeyList.fragment(root.facts.rowKey, slice, prefix: "k", facts: root.facts, dialect: dialect),
                from: .live,
                copied: false
            )
            .map { $0.prefix(root.facts.rowKey.count).map { $0 ?? "" } }
        }
        var identical: [[String]] = [], different: [[String]] = []
        for key in live {
            let same = try tree(key, .live) == tree(key, .archived)
            if same { identical.append(key) } else { different.append(key) }
        }
        return (identical, different)
    }

    /// Every row of one root's tree on one side, per table, sorted, as text.
    private func tree(_ key: [String], _ side: Side) throws -> [[String]] {
        var needed: [[[String]]] = []
        var contents: [[String]] = []
        for index in plan.nodes.indices {
            let node = plan.nodes[index]
            let predicate: SQLTemplate.Fragment
            if let link = node.parent {
                let parentColumns = plan.neededColumns(link.index)
                let positions = link.parentColumns.compactMap { parentColumns.firstIndex(of: $0) }
                let values = Array(Set(needed[link.index].map { row in positions.map { row[$0] } }))
                if values.isEmpty {
                    needed.append([])
                    contents.append([])
                    continue
                }
                predicate = KeyList.fragment(
                    link.childColumns, values, prefix: "f", facts: node.facts, dialect: dialect)
            } else {
                predicate = KeyList.fragment(
                    node.facts.rowKey, [key], prefix: "k", facts: node.facts, dialect: dialect)
            }
            let rows = try read(index, predicate, from: side, copied: true)
            let neededCount = plan.neededColumns(index).count
            needed.append(rows.map { $0.prefix(neededCount).map { $0 ?? "" } })
            contents.append(
                rows.map { $0.dropFirst(neededCount).map { $0 ?? "\u{0}NULL" }.joined(separator: "\u{1}") }.sorted())
        }
        return contents
    }

    /// Reads (without locking) the needed columns of `index`'s rows matching `predicate`,
    /// followed by every copied column when `copied`.
    private func read(_ index: Int, _ predicate: SQLTemplate.Fragment, from: Side, copied: Bool) throws -> [[String?]] {
        let node = plan.nodes[index]
        let columns = plan.neededColumns(index) + (copied ? node.facts.copiedColumns : [])
        var rows: [[String?]] = []
        try connection.stream(
            template(.archiveReadRows).render(
                dialect: dialect,
                fragments: [
                    "table": table(node, from), "columns": readList(columns, of: index), "predicate": predicate,
                ])
        ) { row in
            rows.append(row.values)
        }
        return rows
    }

    /// Locks the rows of `index` matching `predicate` and returns their needed columns.
    private func lock(_ index: Int, _ predicate: SQLTemplate.Fragment, from: Side) throws -> [[String]] {
        let node = plan.nodes[index]
        var rows: [[String]] = []
        try connection.stream(
            template(.archiveLockRows).render(
                dialect: dialect,
                fragments: [
                    "table": table(node, from), "columns": readList(plan.neededColumns(index), of: index),
                    "predicate": predicate,
                ])
        ) { row in
            rows.append(row.values.map { $0 ?? "" })
        }
        return rows
    }

    private func move(lockedRoots roots: [[String]], _ direction: Direction) throws -> Moved {
        let from: Side = direction == .archive ? .live : .archived
        let to: Side = direction == .archive ? .archived : .live
        let keys = try lockTree(roots, from: from)
        var moved = Moved(roots: roots.count)
        for index in plan.nodes.indices where !keys[index].isEmpty {
            let node = plan.nodes[index]
            let copied = try connection.query(
                copy(
                    index,
                    KeyList.fragment(
                        node.facts.rowKey, keys[index], prefix: "k", facts: node.facts, dialect: dialect),
                    from: from, to: to)
            ).affectedRows
            guard copied == Int64(keys[index].count) else {
                throw DBError(
                    .clientError,
                    "\(table(node, from).text): copied \(copied) rows of the \(keys[index].count) locked; batch rolled back"
                )
            }
            moved.rows[node.facts.table] = copied
        }
        try deleteTree(keys, from: from)
        return moved
    }

    /// Removes chosen roots and their children from the archive copies (once an archive
    /// file holding them is complete and verified), in one transaction.
    func purgeArchived(_ roots: [[String]]) throws -> Moved {
        try connection.transaction {
            let root = plan.nodes[0]
            let locked = try lock(
                0, KeyList.fragment(root.facts.rowKey, roots, prefix: "k", facts: root.facts, dialect: dialect),
                from: .archived)
            guard !locked.isEmpty else { return Moved() }
            let keys = try lockTree(locked, from: .archived)
            try deleteTree(keys, from: .archived)
            var moved = Moved(roots: locked.count)
            for (index, node) in plan.nodes.enumerated() { moved.rows[node.facts.table] = Int64(keys[index].count) }
            return moved
        }
    }

    /// Locks level by level (each child's foreign key values come from its parent's locked
    /// rows) and returns every node's primary keys.
    private func lockTree(_ roots: [[String]], from: Side) throws -> [[[String]]] {
        var rows: [[[String]]] = [roots]
        for index in plan.nodes.indices.dropFirst() {
            let node = plan.nodes[index], link = node.parent!
            let parentColumns = plan.neededColumns(link.index)
            let positions = link.parentColumns.compactMap { parentColumns.firstIndex(of: $0) }
            var seen = Set<[String]>()
            let values = rows[link.index].map { row in positions.map { row[$0] } }.filter { seen.insert($0).inserted }
            rows.append(
                values.isEmpty
                    ? []
                    : try lock(
                        index,
                        KeyList.fragment(link.childColumns, values, prefix: "f", facts: node.facts, dialect: dialect),
                        from: from
                    ))
        }
        return plan.nodes.indices.map { index in
            rows[index].map { Array($0.prefix(plan.nodes[index].facts.rowKey.count)) }
        }
    }

    /// Deletes the locked rows, deepest children first, checking each count.
    private func deleteTree(_ keys: [[[String]]], from: Side) throws {
        for index in plan.deletionOrder where !keys[index].isEmpty {
            let node = plan.nodes[index]
            let deleted = try connection.query(
                delete(
                    index,
                    KeyList.fragment(
                        node.facts.rowKey, keys[index], prefix: "k", facts: node.facts, dialect: dialect),
                    from: from)
            ).affectedRows
            guard deleted == Int64(keys[index].count) else {
                throw DBError(
                    .clientError,
                    "\(table(node, from).text): deleted \(deleted) rows of the \(keys[index].count) locked; batch rolled back"
                )
            }
        }
    }

    private func copy(_ index: Int, _ predicate: SQLTemplate.Fragment, from: Side, to: Side) throws
        -> SQLTemplate.Rendered
    {
        let node = plan.nodes[index]
        return try template(.archiveCopyRows).render(
            dialect: dialect,
            fragments: [
                "target": table(node, to), "source": table(node, from), "columns": columnList(node.facts.copiedColumns),
                "predicate": predicate,
            ])
    }

    private func delete(_ index: Int, _ predicate: SQLTemplate.Fragment, from: Side) throws -> SQLTemplate.Rendered {
        try template(.archiveDeleteRows).render(
            dialect: dialect, fragments: ["table": table(plan.nodes[index], from), "predicate": predicate])
    }
}
