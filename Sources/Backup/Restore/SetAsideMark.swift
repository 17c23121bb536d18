import DBCore

/// dbops partitions marks the table it sets a retired partition's rows aside in with a
/// comment, and takes every table so marked for one still to be dumped and dropped. That
/// table's file carries the comment: a table `restore --table` creates from it beside the
/// table it came from (to look at the rows, or to attach them again) would be taken for
/// one still waiting, dumped again in place of its file and dropped at the next run. The
/// tables a restore creates lose the mark; a whole-database restore keeps it, so that a
/// database moved with a set-aside table still waiting finishes retiring it.
enum SetAsideMark {
    /// Clears the mark from those of `tables` that bear it, in the caller's transaction
    /// where there is one. `schema` nil: the session's database (MySQL).
    static func clear(_ tables: [(schema: String?, name: String)], _ connection: DatabaseConnection) throws {
        guard !tables.isEmpty else { return }
        let marked = try connection.named(.restoreSetAsideMarked).rows.compactMap { row in
            row["table_name"].map { (schema: row["schema_name"], name: $0) }
        }
        let d = connection.dialect
        for table in tables
        where marked.contains(where: { $0.name == table.name && (table.schema == nil || $0.schema == table.schema) }) {
            try connection.executeScript(
                try SQLTemplate.named(.restoreClearSetAsideMark, server: connection.server)
                    .render(dialect: d, fragments: ["table": .init(d.qualified(table.schema, table.name))]).sql)
        }
    }
}
