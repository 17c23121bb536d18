import DBCore
import Foundation

/// PostgreSQL schema: `pg_dump --schema-only` in custom format on the backup's snapshot,
/// so pre-data (before the rows) and post-data (indexes, constraints, triggers, after
/// them) can be restored separately, post-data with parallel index builds.
enum PostgresSchemaBackup {
    static let file = "schema/schema.pgdump.zst"

    static func dump(config: ConnectionConfig, snapshot: String, serverMajor: Int, tableArguments: [String],
                     sink: BackupSink, level: Int) throws -> FileEntry {
        let directory = try PostgresTools.makePrivateDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let output = (directory as NSString).appendingPathComponent("schema.dump")
        try PostgresTools.run("pg_dump", ["--schema-only", "--format=custom", "--compress=0", "--snapshot=\(snapshot)",
                                          "--file=\(output)"] + tableArguments,
                              config: config, serverMajor: serverMajor)
        let writer = try CompressedFileWriter(sink: sink, path: file, level: level, threads: 0)
        try ChunkedFileReader(path: output).forEachChunk { try writer.write($0) }
        return try writer.close(rows: nil)
    }
}

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
    var tables: [Table]
    var views: [Object]
    var routines: [Object]
    var triggers: [Object]
    var events: [Object]
    var grants: [String]
}

enum MySQLSchemaCapture {
    static func capture(_ connection: DatabaseConnection, tables: [TablePlan], includeAllObjects: Bool) throws -> (MySQLSchema, [String]) {
        let d = connection.dialect
        var warnings: [String] = []
        let database = try connection.scalar("SELECT DATABASE()") ?? ""
        let defaults = try connection.query("SELECT DEFAULT_CHARACTER_SET_NAME, DEFAULT_COLLATION_NAME FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = DATABASE()").first
        var autoIncrementColumns: [String: String] = [:]
        for row in try connection.query("SELECT TABLE_NAME, COLUMN_NAME FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND EXTRA LIKE '%auto_increment%'").rows {
            if let table = row[0], let column = row[1] { autoIncrementColumns[table] = column }
        }
        var schemaTables: [MySQLSchema.Table] = []
        for table in tables {
            guard let create = try connection.query("SHOW CREATE TABLE \(d.quote(table.name))").first?[1] else {
                throw DBError(.undefinedObject, "SHOW CREATE TABLE \(table.name) returned nothing")
            }
            let split = CreateTableSplitter.split(create, autoIncrementColumn: autoIncrementColumns[table.name])
            let counter = try connection.query("SELECT AUTO_INCREMENT FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ?",
                                               [.text(table.name)]).first?.int64("AUTO_INCREMENT")
            schemaTables.append(MySQLSchema.Table(name: table.name, create: create, bare: split.bare, indexes: split.indexes,
                                                  foreignKeys: split.foreignKeys, autoIncrement: counter))
        }
        var views: [MySQLSchema.Object] = [], routines: [MySQLSchema.Object] = []
        var triggers: [MySQLSchema.Object] = [], events: [MySQLSchema.Object] = []
        let chosen = Set(tables.map(\.name))
        for row in try connection.named("backup/objects").rows {
            guard let kind = row["kind"], let name = row["name"] else { continue }
            switch kind {
            case "VIEW" where includeAllObjects:
                let row = try connection.query("SHOW CREATE VIEW \(d.quote(name))").first
                if let create = row?["Create View"] {
                    views.append(.init(kind: kind, name: name, table: nil, create: create, sqlMode: nil, context: row))
                }
            case "PROCEDURE", "FUNCTION":
                guard includeAllObjects else { continue }
                let row = try connection.query("SHOW CREATE \(kind) \(d.quote(name))").first
                if let create = row?["Create \(kind == "PROCEDURE" ? "Procedure" : "Function")"] {
                    routines.append(.init(kind: kind, name: name, table: nil, create: create, sqlMode: row?["sql_mode"], context: row))
                } else {
                    warnings.append("\(kind.lowercased()) \(name): its definition is not readable by this user; not backed up")
                }
            case "TRIGGER":
                guard let table = row["detail"], chosen.contains(table) else { continue }
                let row = try connection.query("SHOW CREATE TRIGGER \(d.quote(name))").first
                if let create = row?["SQL Original Statement"] {
                    triggers.append(.init(kind: kind, name: name, table: table, create: create, sqlMode: row?["sql_mode"], context: row))
                }
            case "EVENT" where includeAllObjects:
                let row = try connection.query("SHOW CREATE EVENT \(d.quote(name))").first
                if let create = row?["Create Event"] {
                    events.append(.init(kind: kind, name: name, table: nil, create: create, sqlMode: row?["sql_mode"], context: row))
                }
            default:
                continue
            }
        }
        var grants: [String] = []
        do {
            let marker = "ON \(d.quote(database))."
            for holder in try connection.named("backup/grant_holders").rows {
                guard let user = holder["user"], let host = holder["host"] else { continue }
                let account = d.mysqlStringLiteral(user) + "@" + d.mysqlStringLiteral(host)
                for line in try connection.query("SHOW GRANTS FOR \(account)").rows.compactMap({ $0[0] }) where line.contains(marker) {
                    grants.append(line)
                }
            }
        } catch let error as DBError where error.code == .permissionDenied || error.code == .undefinedObject {
            warnings.append("grants not backed up: \(error.message)")
        }
        let schema = MySQLSchema(sourceDatabase: database, characterSet: defaults?[0], collation: defaults?[1],
                                 tables: schemaTables, views: views, routines: routines, triggers: triggers,
                                 events: events, grants: grants)
        return (schema, warnings)
    }
}

/// Splits SHOW CREATE TABLE output, which has one definition per line, into the table
/// with only its primary key (and checks), and the secondary indexes and foreign keys as
/// ALTER TABLE clauses. If the text does not look as expected, nothing is deferred.
enum CreateTableSplitter {
    static func split(_ create: String, autoIncrementColumn: String?) -> (bare: String, indexes: [String], foreignKeys: [String]) {
        let lines = create.components(separatedBy: "\n")
        guard lines.count >= 3, let close = lines.lastIndex(where: { $0.hasPrefix(")") }), close > 1 else {
            return (create, [], [])
        }
        let definitions = lines[1..<close].map { $0.hasSuffix(",") ? String($0.dropLast()) : $0 }
        guard definitions.allSatisfy({ $0.hasPrefix("  ") }) else { return (create, [], []) }
        var kept: [String] = [], indexes: [String] = [], foreignKeys: [String] = []
        var autoIncrementKeyKept = false
        for definition in definitions {
            let text = definition.trimmingCharacters(in: .whitespaces)
            let isIndex = ["KEY ", "UNIQUE KEY ", "FULLTEXT KEY ", "SPATIAL KEY ", "INDEX "].contains { text.hasPrefix($0) }
            if isIndex {
                // InnoDB needs the AUTO_INCREMENT column to lead some index at all times.
                if let column = autoIncrementColumn, !autoIncrementKeyKept, firstColumn(of: text) == column,
                   !definitions.contains(where: { $0.trimmingCharacters(in: .whitespaces).hasPrefix("PRIMARY KEY (`\(column)`") }) {
                    kept.append(definition)
                    autoIncrementKeyKept = true
                } else {
                    indexes.append("ADD " + text)
                }
            } else if text.hasPrefix("CONSTRAINT "), text.contains(" FOREIGN KEY ") {
                foreignKeys.append("ADD " + text)
            } else {
                kept.append(definition)
            }
        }
        let bare = ([lines[0]] + [kept.joined(separator: ",\n")] + lines[close...]).joined(separator: "\n")
        return (bare, indexes, foreignKeys)
    }

    /// "KEY `idx` (`a`,`b`)" -> "a".
    static func firstColumn(of definition: String) -> String? {
        guard let open = definition.firstIndex(of: "("), let tick = definition[open...].firstIndex(of: "`") else { return nil }
        let rest = definition[definition.index(after: tick)...]
        guard let end = rest.firstIndex(of: "`") else { return nil }
        return String(rest[..<end])
    }
}
