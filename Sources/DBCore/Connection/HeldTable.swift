/// A table another session holds ACCESS EXCLUSIVE on PostgreSQL (a migration's ALTER, a
/// REINDEX, a VACUUM truncating it; queries/postgres/catalog/held_tables.sql), or on
/// MariaDB with the metadata_lock_info plugin loaded, holds so that it cannot be written
/// (LOCK TABLES, an ALTER; queries/mysql/catalog/held_table_names.sql): what a job that
/// gave up at its lock timeout was waiting for, and what PostgreSQL's reports leave out.
public struct HeldTable: Equatable, Sendable {
    public var schema: String
    public var table: String
    /// Schema and table as SQL names, for messages.
    public var name: String

    /// Whether this is `table` in `schema` (nil: whichever schema the session resolves).
    public func names(_ table: String, in schema: String?) -> Bool {
        self.table == table && (schema == nil || self.schema == schema)
    }

    /// The tables held right now (empty when the read fails: it only serves a message).
    public static func read(_ connection: DatabaseConnection) -> [HeldTable] {
        let rows = (try? connection.named(.catalogHeldTableNames).rows) ?? []
        return rows.compactMap { row in
            guard let name = row["name"], let schema = row["schema_name"], let table = row["table_name"] else {
                return nil
            }
            return HeldTable(schema: schema, table: table, name: name)
        }
    }

    /// What holding means on PostgreSQL, for messages: "ACCESS EXCLUSIVE (a schema change, ...)".
    public static let lockWords = "ACCESS EXCLUSIVE (a schema change, a VACUUM truncating it, a REINDEX)"

    /// Up to five names, then "...": a message stays one readable line.
    public static func list(_ names: [String]) -> String {
        names.prefix(5).joined(separator: ", ") + (names.count > 5 ? ", ..." : "")
    }
}
