import DBCore
import Foundation

enum MySQLSchemaCapture {
    static func capture(_ connection: DatabaseConnection, tables: [TablePlan], includeAllObjects: Bool) throws -> (
        MySQLSchema, [String]
    ) {
        var warnings: [String] = []
        let database = try connection.scalar(.catalogCurrentDatabase) ?? ""
        let defaults = try connection.named(.backupDatabaseDefaults).first
        var autoIncrementColumns: [String: String] = [:]
        for row in try connection.named(.backupAutoIncrementColumns).rows {
            if let table = row[0], let column = row[1] { autoIncrementColumns[table] = column }
        }
        let schemaTables = try self.tables(
            connection, tables, autoIncrementColumns: autoIncrementColumns, warnings: &warnings)
        let (views, routines, triggers, events) = try objects(
            connection, chosen: Set(tables.map(\.name)), includeAllObjects: includeAllObjects, warnings: &warnings)
        let grants = try self.grants(connection, database: database, warnings: &warnings)
        var schema = MySQLSchema(
            sourceDatabase: database, characterSet: defaults?[0], collation: defaults?[1],
            tables: schemaTables, views: views, routines: routines, triggers: triggers,
            events: events, grants: grants, sequences: includeAllObjects ? try sequences(connection) : [])
        schema.comment = (try? connection.scalar(.backupDatabaseComment)).flatMap { $0?.isEmpty == false ? $0 : nil }
        return (schema, warnings)
    }

    /// MariaDB sequences with their definitions and positions (next_not_cached_value, as
    /// mariadb-dump restores it with SETVAL(..., 0)).
    static func sequences(_ connection: DatabaseConnection) throws -> [MySQLSchema.Sequence] {
        let d = connection.dialect
        return try connection.named(.backupSequences).rows.compactMap { row in
            guard let name = row["name"],
                let create = try connection.query("SHOW CREATE SEQUENCE \(d.quote(name))").first?["Create Table"],
                let position = try connection.scalar("SELECT next_not_cached_value FROM \(d.quote(name))")
            else { return nil }
            return MySQLSchema.Sequence(name: name, create: create, position: position)
        }
    }

    /// Views, routines and events (of a whole-database backup) and the triggers of the
    /// chosen tables, each with the session context it was defined in.
    static func objects(
        _ connection: DatabaseConnection, chosen: Set<String>, includeAllObjects: Bool, warnings: inout [String]
    ) throws -> (
        views: [MySQLSchema.Object], routines: [MySQLSchema.Object], triggers: [MySQLSchema.Object],
        events: [MySQLSchema.Object]
    ) {
        let d = connection.dialect
        var views: [MySQLSchema.Object] = [], routines: [MySQLSchema.Object] = []
        var triggers: [MySQLSchema.Object] = [], events: [MySQLSchema.Object] = []
        for row in try connection.named(.backupObjects).rows {
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
                    routines.append(
                        .init(
                            kind: kind, name: name, table: nil, create: create, sqlMode: row?["sql_mode"], context: row)
                    )
                } else {
                    warnings.append(
                        "\(kind.lowercased()) \(name): its definition is not readable by this user; not backed up")
                }
            case "TRIGGER":
                guard let table = row["detail"], chosen.contains(table) else { continue }
                let row = try connection.query("SHOW CREATE TRIGGER \(d.quote(name))").first
                if let create = row?["SQL Original Statement"] {
                    triggers.append(
                        .init(
                            kind: kind, name: name, table: table, create: create, sqlMode: row?["sql_mode"],
                            context: row))
                }
            case "EVENT" where includeAllObjects:
                let row = try connection.query("SHOW CREATE EVENT \(d.quote(name))").first
                if let create = row?["Create Event"] {
                    events.append(
                        .init(
                            kind: kind, name: name, table: nil, create: create, sqlMode: row?["sql_mode"], context: row)
                    )
                }
            default:
                continue
            }
        }
        return (views, routines, triggers, events)
    }

    /// Each table's CREATE TABLE, split into the bare table, its secondary indexes and its
    /// foreign keys (restore adds those after the rows), with its AUTO_INCREMENT counter.
    static func tables(
        _ connection: DatabaseConnection, _ tables: [TablePlan], autoIncrementColumns: [String: String],
        warnings: inout [String]
    ) throws -> [MySQLSchema.Table] {
        let d = connection.dialect
        var schemaTables: [MySQLSchema.Table] = []
        for table in tables {
            guard let printed = try connection.query("SHOW CREATE TABLE \(d.quote(table.name))").first?[1] else {
                throw DBError(.undefinedObject, "SHOW CREATE TABLE \(table.name) returned nothing")
            }
            let create = MySQLEnumLabels.respell(printed, table: table, connection: connection, warnings: &warnings)
            let split = CreateTableSplitter.split(create, autoIncrementColumn: autoIncrementColumns[table.name])
            let counter = try connection.named(
                .backupAutoIncrementNext,
                [.text(table.name)]
            ).first?.int64("AUTO_INCREMENT")
            schemaTables.append(
                MySQLSchema.Table(
                    name: table.name, create: create, bare: split.bare, indexes: split.indexes,
                    foreignKeys: split.foreignKeys, autoIncrement: counter))
        }
        return schemaTables
    }

    /// The GRANT statements that name this database, of every account holding one.
    static func grants(_ connection: DatabaseConnection, database: String, warnings: inout [String]) throws -> [String]
    {
        let d = connection.dialect
        var grants: [String] = []
        do {
            let marker = "ON \(d.quote(database))."
            for holder in try connection.named(.backupGrantHolders).rows {
                guard let user = holder["user"], let host = holder["host"] else { continue }
                // A role (MariaDB) has no host: SHOW GRANTS FOR 'role'@'' is refused.
                let shown =
                    host.isEmpty
                    ? try MySQLGlobals.show(.globalsShowRoleGrants, ["user": user], on: connection)
                    : try MySQLGlobals.show(.globalsShowGrants, ["user": user, "host": host], on: connection)
                for line in shown where line.contains(marker) {
                    grants.append(line)
                }
            }
        } catch let error as DBError where error.code == .permissionDenied || error.code == .undefinedObject {
            warnings.append("grants not backed up: \(error.message)")
        }
        return grants
    }
}
