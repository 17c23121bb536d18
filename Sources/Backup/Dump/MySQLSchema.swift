import DBCore
import Foundation

/// MySQL/MariaDB schema, from SHOW CREATE ... . Each table keeps its full definition and,
/// for restore speed, a bare one (primary key only) plus the secondary indexes and
/// foreign keys to add once the rows are in.
struct MySQLSchema: Codable {
    struct Table: Codable {
        var name: String
        var create: String
        var bare: String
        var indexes: [String]
        var foreignKeys: [String]
        var autoIncrement: Int64?
    }

    struct Object: Codable {
        var kind: String
        var name: String
        var table: String?
        var create: String
        var sqlMode: String?
        /// The session it was created in (SHOW CREATE reports them): how string literals
        /// in its body are read. Restored under the same, as mariadb-dump does.
        var characterSetClient: String?
        var collationConnection: String?

        init(kind: String, name: String, table: String?, create: String, sqlMode: String?, context row: Row? = nil) {
            self.kind = kind
            self.name = name
            self.table = table
            self.create = create
            self.sqlMode = sqlMode
            characterSetClient = row?["character_set_client"]
            collationConnection = row?["collation_connection"]
        }
    }

    static let file = "schema/mysql-schema.json.zst"

    var sourceDatabase: String
    var characterSet: String?
    var collation: String?
    /// The database's comment (MariaDB 10.5+; nil when empty, unreadable, or in backups
    /// made before dbops kept it).
    var comment: String? = nil
    var tables: [Table]
    var views: [Object]
    var routines: [Object]
    var triggers: [Object]
    var events: [Object]
    var grants: [String]
    /// MariaDB sequences (CREATE SEQUENCE): each created before the tables (a column's
    /// DEFAULT NEXTVAL names one), then set to its position. nil in backups made before.
    var sequences: [Sequence]?

    struct Sequence: Codable {
        var name: String
        var create: String
        /// next_not_cached_value when it was read: SETVAL(name, position, 0) gives it back.
        var position: String
    }
}
