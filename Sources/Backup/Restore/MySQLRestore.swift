import DBCore
import Foundation

/// MySQL/MariaDB restore: tables with only their primary keys, rows through LOAD DATA
/// LOCAL INFILE fed from memory (multi-row INSERT when the server forbids local_infile),
/// each file committed only after it checked out; then secondary indexes (in parallel
/// across tables), foreign keys, AUTO_INCREMENT counters, views, routines, triggers,
/// events and grants.
enum MySQLRestore: RestoreEngine {
    /// The admin session beside the workers.
    static let sessionsBesideWorkers = 1

    /// Session settings of every restoring connection: raw bytes, UTC, no checks that the
    /// source already enforced, and a zero in an AUTO_INCREMENT column stays zero.
    static let sessionSQL = "SET SESSION foreign_key_checks = 0, unique_checks = 0, sql_mode = 'NO_AUTO_VALUE_ON_ZERO'"

    static func run(
        _ manifest: BackupManifest, directory: String, config: ConnectionConfig, options: RestoreOptions,
        progress: BackupProgress?
    ) throws -> [String] {
        let admin = try MySQLConnection(config: config)
        defer { admin.close() }
        try admin.executeScript(sessionSQL)
        try admin.apply(SessionSettings(lockTimeout: options.lockTimeout))
        let d = admin.dialect
        let schema = try loadSchema(manifest, directory: directory)
        var warnings: [String] = []

        try markIncomplete(
            admin, schema: schema, database: config.database ?? "", clean: options.clean, progress: progress)
        if let schema {
            progress?.update { $0.phase = "schema" }
            // Sequences first: a column's DEFAULT NEXTVAL(...) names one.
            for sequence in schema.sequences ?? [] {
                try admin.executeScript(sequence.create)
                guard let position = Int64(sequence.position) else {
                    throw DBError(
                        .clientError, "sequence \(sequence.name): position \(sequence.position) is not a number")
                }
                try admin.executeScript("SELECT SETVAL(\(d.quote(sequence.name)), \(position), 0)")
            }
            for table in schema.tables { try createTable(table.bare, admin, noTablespaces: options.noTablespaces) }
        }
        progress?.update { $0.phase = "loading" }
        try loadAll(
            manifest.tables, directory: directory, key: manifest.contentKey, config: config, jobs: options.jobs,
            emptyFirst: false,
            localInfile: options.localInfile, lockTimeout: options.lockTimeout, progress: progress)

        if let schema {
            progress?.update { $0.phase = "indexes" }
            try addKeys(schema, admin: admin, config: config, jobs: options.jobs, lockTimeout: options.lockTimeout)
            warnings += try createObjects(
                schema, admin: admin, targetDatabase: config.database ?? "", options: options)
        }
        if options.madeTarget, let schema {
            warnings += databaseDefaults(schema, admin: admin, database: config.database ?? "")
        }
        try admin.executeScript("DROP TABLE \(d.quote(RestoreMarker.table))")
        if options.analyze, let schema, !schema.tables.isEmpty {
            try admin.executeScript("ANALYZE TABLE " + schema.tables.map { d.quote($0.name) }.joined(separator: ", "))
        }
        return warnings
    }

    /// A database this restore made gets the source's default character set and collation
    /// (it was made with the server's) and its comment (MariaDB); names are taken only when
    /// made of letters, digits and underscores. What the server refuses (a collation it
    /// lacks) is a warning: the contents are whole.
    static func databaseDefaults(_ schema: MySQLSchema, admin: MySQLConnection, database: String) -> [String] {
        var changes: [(QueryName, [String: String], String)] = []
        if let comment = schema.comment {
            changes.append((.restoreDatabaseComment, ["comment": admin.dialect.mysqlStringLiteral(comment)], "comment"))
        }
        if let characterSet = schema.characterSet, let collation = schema.collation,
            [characterSet, collation].allSatisfy({ name in
                !name.isEmpty && name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }
            })
        {
            changes.append(
                (
                    .restoreDatabaseDefaults, ["character_set": characterSet, "collation": collation],
                    "default character set \(characterSet) (\(collation))"
                ))
        }
        return changes.compactMap { query, fragments, what in
            do {
                let rendered = try SQLTemplate.named(query, server: admin.server).render(
                    dialect: admin.dialect, identifiers: ["database": database],
                    fragments: fragments.mapValues { SQLTemplate.Fragment($0) })
                try admin.executeScript(rendered.sql)
                return nil
            } catch {
                return "the source database's \(what) was refused: \(DBError.oneLineDescription(of: error))"
            }
        }
    }

    /// With --clean, drops what the backup holds; then the target must be empty, and is
    /// marked incomplete until the restore's last step. A clean marks it first: MySQL's
    /// drops cannot be rolled back, and one stopped half-way (a lock not granted within
    /// --lock-timeout) leaves a target that says it is incomplete.
    static func markIncomplete(
        _ admin: MySQLConnection, schema: MySQLSchema?, database: String, clean: Bool, progress: BackupProgress?
    ) throws {
        let d = admin.dialect
        let mark =
            "CREATE TABLE IF NOT EXISTS \(d.quote(RestoreMarker.table)) (started_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP) COMMENT 'dbops restore in progress or failed: this database is incomplete'"
        if clean {
            if let schema { try refuseLeftovers(of: schema, admin, database: database) }
            try admin.executeScript(mark)
            if let schema {
                progress?.update { $0.phase = "dropping" }
                for view in schema.views { try admin.executeScript("DROP VIEW IF EXISTS \(d.quote(view.name))") }
                for table in schema.tables {
                    try admin.executeScript("DROP TABLE IF EXISTS \(d.quote(table.name))")
                }
                for sequence in schema.sequences ?? [] {
                    try admin.executeScript("DROP SEQUENCE IF EXISTS \(d.quote(sequence.name))")
                }
                for routine in schema.routines {
                    try admin.executeScript("DROP \(routine.kind) IF EXISTS \(d.quote(routine.name))")
                }
                for event in schema.events { try admin.executeScript("DROP EVENT IF EXISTS \(d.quote(event.name))") }
            }
        }
        try RestoreMarker.requireEmpty(
            admin.named(.backupNonEmpty).first, database: database, objects: "tables, views, routines or events",
            markerIsOurs: clean, cleaned: clean)
        if !clean { try admin.executeScript(mark) }
    }

    /// Refuses a --clean that would leave objects the backup does not hold, before it drops
    /// anything: MySQL's DROPs cannot be rolled back.
    private static func refuseLeftovers(of schema: MySQLSchema, _ admin: MySQLConnection, database: String) throws {
        var held = Set((schema.tables.map(\.name) + schema.views.map(\.name)).map { "TABLE \($0)" })
        held.formUnion((schema.sequences ?? []).map { "TABLE \($0.name)" })
        held.formUnion(schema.routines.map { "\($0.kind) \($0.name)" })
        held.formUnion(schema.events.map { "EVENT \($0.name)" })
        let left = try admin.named(.restoreObjects).rows.compactMap { row -> String? in
            let (kind, name) = (row["kind"] ?? "", row["name"] ?? "")
            guard !held.contains("\(kind) \(name)") else { return nil }
            return kind == "TABLE" ? name : "\(kind.lowercased()) \(name)"
        }
        guard left.isEmpty else {
            let named = left.sorted().prefix(3).joined(separator: ", ") + (left.count > 3 ? ", ..." : "")
            throw RestoreMarker.leftByClean(database: database, objects: "\(left.count) object(s) (\(named))")
        }
    }

    /// Secondary indexes in parallel (one ALTER per table), then foreign keys, then the
    /// AUTO_INCREMENT counters the backup recorded. Each worker alters tables no other one
    /// touches, so a metadata lock it waits for is an application's (one that read a
    /// half-restored table in a transaction it keeps open): bounded by --lock-timeout, not
    /// lock_wait_timeout's default of a day or a year.
    static func addKeys(
        _ schema: MySQLSchema, admin: MySQLConnection, config: ConnectionConfig, jobs: Int, lockTimeout: Double
    ) throws {
        let d = admin.dialect
        let withIndexes = schema.tables.filter { !$0.indexes.isEmpty }
        try ParallelWork.run(
            tasks: withIndexes, workers: jobs,
            makeContext: { _ -> MySQLConnection in
                let connection = try MySQLConnection(config: config)
                try connection.executeScript(sessionSQL)
                try connection.apply(SessionSettings(statementTimeout: 0, lockTimeout: lockTimeout))
                return connection
            }, closeContext: { $0.close() }
        ) { connection, table in
            try Interruption.shared.check()
            do {
                try connection.executeScript(
                    "ALTER TABLE \(d.quote(table.name)) \(table.indexes.joined(separator: ", "))")
            } catch { throw DBError.wrap(error, context: "indexes of table \(table.name)") }
        }
        for table in schema.tables where !table.foreignKeys.isEmpty {
            do {
                try admin.executeScript(
                    "ALTER TABLE \(d.quote(table.name)) \(table.foreignKeys.joined(separator: ", "))")
            } catch { throw DBError.wrap(error, context: "foreign keys of table \(table.name)") }
        }
        for table in schema.tables {
            if let counter = table.autoIncrement {
                // The number comes from the backup's own schema file, not from a user.
                try admin.executeScript("ALTER TABLE \(d.quote(table.name)) AUTO_INCREMENT = \(counter)")
            }
        }
    }

    /// Reloads chosen tables of an existing database; a missing table is created from the
    /// backup's full definition first.
    static func runTables(
        _ selection: RestoreSelection, manifest: BackupManifest, directory: String, config: ConnectionConfig,
        options: RestoreOptions, progress: BackupProgress?
    ) throws -> [String] {
        let tables = selection.tables
        let admin = try MySQLConnection(config: config)
        defer { admin.close() }
        try admin.executeScript(sessionSQL)
        try admin.apply(SessionSettings(lockTimeout: options.lockTimeout))
        let schema = try loadSchema(manifest, directory: directory)
        let definitions = try missing(tables, schema, admin)
        if !options.fireTriggers {
            try refuseFiringTriggers(tables, created: Set(definitions.map(\.name)), canCreate: schema != nil, admin)
        }
        let d = admin.dialect
        var present: [String] = []  // what this run has created, under the name it has now
        do {
            // Each created table is built under a staging name, loaded, and only then given
            // its own: a run killed midway leaves no table of that name looking restored
            // (the next run drops the staging table and starts again). Its triggers are made
            // on the staging table where their statements allow, and go with it on the rename.
            let staged = try create(definitions, admin, noTablespaces: options.noTablespaces, present: &present)
            let loading = tables.map { table in
                var loaded = table
                loaded.name = staged[table.name] ?? table.name
                return loaded
            }
            try namingHolders(tables.map(\.name), admin) {
                try loadTables(
                    loading, created: Set(definitions.map(\.name)), manifest: manifest, directory: directory,
                    admin: admin, config: config, options: options, progress: progress)
            }
            try SetAsideMark.clear(staged.values.map { (nil, $0) }, admin)
            let (early, late) = triggers(of: definitions.map(\.name), staged: staged, schema, d)
            try createTriggers(early, admin, options: options)
            for (name, staging) in staged {
                try admin.executeScript("RENAME TABLE \(d.quote(staging)) TO \(d.quote(name))")
                present[present.firstIndex(of: staging)!] = name
            }
            try createTriggers(late, admin, options: options)
        } catch {
            // MySQL's DDL commits at once: a table this run created goes again when its rows
            // or triggers could not follow, so that no empty or half-built table is left.
            for name in present { try? admin.executeScript("DROP TABLE IF EXISTS \(d.quote(name))") }
            guard var named = error as? DBError else { throw error }
            // Said of the table, not of the staging name it was being loaded under.
            for definition in definitions {
                named.message = named.message.replacingOccurrences(
                    of: stagingName(definition.name), with: definition.name)
            }
            throw named
        }
        guard !definitions.isEmpty else { return [] }
        // Other tables' foreign keys into it outlive its DROP on MySQL/MariaDB (the drop
        // needs foreign_key_checks off), so they hold again now.
        return [
            "created \(definitions.map(\.name).joined(separator: ", ")) from the backup's schema (the target lacked \(definitions.count == 1 ? "it" : "them"))"
        ]
    }

    /// The backup's definitions of the tables the target lacks (dropped by mistake, the
    /// usual reason to restore one), each to be created; every one is found before any is.
    static func missing(_ tables: [TableEntry], _ schema: MySQLSchema?, _ admin: MySQLConnection) throws -> [(
        name: String, create: String
    )] {
        try tables.filter { try admin.scalar(.restoreTableExists, [.text($0.name)]) == "0" }.map { table in
            guard let create = schema?.tables.first(where: { $0.name == table.name })?.create else {
                throw DBError(
                    .undefinedObject,
                    "table \(table.name) does not exist in the target and the backup holds no definition for it")
            }
            return (table.name, create)
        }
    }

    /// `body`, a lock wait it gave up on named with the sessions holding a metadata lock on
    /// one of `tables` where MariaDB's metadata_lock_info plugin shows them, else with the
    /// oldest transactions still open: MySQL/MariaDB otherwise keep no record of who held a
    /// row or metadata lock once the wait is over, and an application's open transaction
    /// is what a reload waits for.
    static func namingHolders<T>(_ tables: [String], _ admin: MySQLConnection, _ body: () throws -> T) throws -> T {
        do { return try body() } catch let error as DBError where error.code == .lockNotAvailable {
            // The open transactions are read only when no holder is shown.
            let open = {
                let sessions = LockHolder.openTransactions(admin).map(\.session)
                return sessions.isEmpty
                    ? nil
                    : "open transactions, this database's sessions first, oldest first: \(sessions.joined(separator: "; "))"
            }
            guard let named = LockHolder.sentence(LockHolder.read(admin, tables: tables)) ?? open() else { throw error }
            throw DBError(
                error.code, "\(error.message) (\(named))", sqlState: error.sqlState, mysqlErrno: error.mysqlErrno,
                detail: error.detail, hint: error.hint)
        }
    }

    /// An existing table's INSERT and DELETE triggers would fire on every row the reload
    /// deletes and loads — a BEFORE INSERT trigger changing the restored rows, an audit
    /// trigger writing a row elsewhere for each — and MySQL cannot turn a trigger off for
    /// a session: such a table is refused before anything changes. A table this run
    /// creates gets its triggers after its rows.
    static func refuseFiringTriggers(
        _ tables: [TableEntry], created: Set<String>, canCreate: Bool, _ admin: MySQLConnection
    ) throws {
        for table in tables where !created.contains(table.name) {
            let firing = try admin.named(.restoreFiringTriggers, [.text(table.name)]).rows.map {
                "\($0["name"] ?? "") (\($0["timing"] ?? "") \($0["event"] ?? ""))"
            }
            guard !firing.isEmpty else { continue }
            throw DBError(
                .clientError,
                "table \(table.name) has triggers that would fire on every reloaded row: \(firing.joined(separator: ", ")); MySQL cannot turn them off for the reload. "
                    + (canCreate
                        ? "Drop the table first (SET foreign_key_checks = 0; DROP TABLE), and restore --table creates it, loads its rows, then makes its triggers; or add --fire-triggers to reload it with them firing"
                        : "Add --fire-triggers to reload it with them firing (this backup holds no schema to create the table from)")
            )
        }
    }

    /// Creates each table under its staging name (where its statement has the expected
    /// first line; else under its own), an earlier killed run's staging table dropped
    /// first. Returns the staging names by table; `present` gets every table created.
    static func create(
        _ definitions: [(name: String, create: String)], _ admin: MySQLConnection, noTablespaces: Bool,
        present: inout [String]
    ) throws -> [String: String] {
        let d = admin.dialect
        var staged: [String: String] = [:]
        for definition in definitions {
            let staging = stagingName(definition.name)
            try admin.executeScript("DROP TABLE IF EXISTS \(d.quote(staging))")
            if let create = renamed(definition.create, from: definition.name, to: staging, d) {
                try createTable(create, admin, noTablespaces: noTablespaces)
                staged[definition.name] = staging
                present.append(staging)
            } else {
                try createTable(definition.create, admin, noTablespaces: noTablespaces)
                present.append(definition.name)
            }
        }
        return staged
    }

    /// One table's CREATE. With --no-tablespaces the server ignores the DATA DIRECTORY and
    /// INDEX DIRECTORY it names (NO_DIR_IN_CREATE, for this statement alone); without, the
    /// failure of one that names a directory says the way out, since the server restored
    /// onto seldom has the source's directories.
    static func createTable(_ statement: String, _ admin: MySQLConnection, noTablespaces: Bool) throws {
        if noTablespaces {
            try admin.executeScript(.restoreNoDirectories)
            defer { try? admin.executeScript(sessionSQL) }
            try admin.executeScript(statement)
            return
        }
        do { try admin.executeScript(statement) } catch let error as DBError
            where statement.contains("DATA DIRECTORY") || statement.contains("INDEX DIRECTORY")
        {
            throw DBError(
                error.code,
                error.message
                    + "; the table names a DATA DIRECTORY or INDEX DIRECTORY, which this server may lack: add --no-tablespaces to create it in the server's own"
            )
        }
    }

    /// A created table's triggers, after its rows (they must not fire on them), as a whole
    /// restore creates them.
    /// The created tables' triggers: `early` made on their staging tables (each table's
    /// all there, or all after its rename, so FOLLOWS and PRECEDES find each other), `late`
    /// under the tables' own names, for statements TriggerStatement cannot retarget.
    static func triggers(
        of tables: [String], staged: [String: String], _ schema: MySQLSchema?, _ d: Dialect
    ) -> (early: [MySQLSchema.Object], late: [MySQLSchema.Object]) {
        var early: [MySQLSchema.Object] = [], late: [MySQLSchema.Object] = []
        for table in tables {
            let own = (schema?.triggers ?? []).filter { $0.table == table }
            let retargeted = own.map { trigger in
                staged[table].flatMap { TriggerStatement.retargeted(trigger.create, from: table, to: $0, d) }.map {
                    var made = trigger
                    made.create = $0
                    return made
                }
            }
            if retargeted.allSatisfy({ $0 != nil }) { early += retargeted.compactMap { $0 } } else { late += own }
        }
        return (early, late)
    }

    static func createTriggers(_ triggers: [MySQLSchema.Object], _ admin: MySQLConnection, options: RestoreOptions)
        throws
    {
        for trigger in triggers {
            if let mode = trigger.sqlMode { try admin.execute(.restoreSetSqlMode, [.text(mode)]) }
            do { try create(trigger, admin, noOwner: options.noOwner) } catch {
                throw DBError.wrap(error, context: "trigger \(trigger.name)" + definerHint(error, options))
            }
        }
        try admin.executeScript(sessionSQL)
    }

    /// The staging name of a table being created: fixed for the table, so that a later run
    /// finds an earlier one's, and short enough for any name (64 characters at most).
    static func stagingName(_ table: String) -> String {
        "_dbops_new_" + NameDigest.hex(table, digits: 16)
    }

    /// SHOW CREATE TABLE's statement for another name, or nil when its first line is not
    /// the one SHOW CREATE TABLE writes for this table.
    static func renamed(_ create: String, from name: String, to staging: String, _ d: Dialect) -> String? {
        let head = "CREATE TABLE \(d.quote(name)) ("
        guard create.hasPrefix(head + "\n") else { return nil }
        return "CREATE TABLE \(d.quote(staging)) (" + create.dropFirst(head.count)
    }

    /// Loads the chosen tables (each emptied first) and checks their foreign keys. `created`:
    /// the tables this run has just created (by their own names).
    private static func loadTables(
        _ tables: [TableEntry], created: Set<String>, manifest: BackupManifest, directory: String,
        admin: MySQLConnection, config: ConnectionConfig, options: RestoreOptions, progress: BackupProgress?
    ) throws {
        // Tables keyed by name alone: a MySQL restore works in one schema.
        let database = admin.config.database ?? ""
        let guardian = try ForeignKeyGuard(
            admin, chosen: Set(tables.map { "\(database).\($0.name)" }),
            created: Set(created.map { "\(database).\($0)" }))
        if !options.disableTriggers, let refusal = guardian.refusal() { throw refusal }
        try loadAll(
            tables, directory: directory, key: manifest.contentKey, config: config, jobs: options.jobs,
            emptyFirst: true,
            localInfile: options.localInfile, lockTimeout: options.lockTimeout, progress: progress
        ) { connection, table in
            // In the table's own transaction, before it commits: its links to tables that
            // are not being reloaded (those stay as they are).
            let own = "\(database).\(table.name)"
            try guardian.check(
                guardian.touching.filter {
                    ($0.child == own || $0.parent == own)
                        && (!guardian.chosen.contains($0.child) || !guardian.chosen.contains($0.parent))
                },
                connection)
        }
        // Links between two reloaded tables, once all are in (each table was its own
        // transaction; both sides come from the same snapshot, so they agree).
        try guardian.check(
            guardian.touching.filter { guardian.chosen.contains($0.child) && guardian.chosen.contains($0.parent) },
            admin)
    }

    static func loadSchema(_ manifest: BackupManifest, directory: String) throws -> MySQLSchema? {
        guard let entry = manifest.schemaFiles.first(where: { $0.path == MySQLSchema.file }) else { return nil }
        let reader = try VerifyingReader(directory: directory, entry: entry, key: manifest.contentKey)
        var data = Data()
        try reader.forEach { data.append(contentsOf: $0) }
        try reader.finish()
        do { return try JSONDecoder().decode(MySQLSchema.self, from: data) } catch {
            throw DBError(.corrupt, "\(entry.path): \(DBError.oneLineDescription(of: error))")
        }
    }

    static func loadAll(
        _ tables: [TableEntry], directory: String, key: ContentKey?, config: ConnectionConfig, jobs: Int,
        emptyFirst: Bool,
        localInfile: Bool = true, lockTimeout: Double? = nil, progress: BackupProgress?,
        beforeCommit: ((MySQLConnection, TableEntry) throws -> Void)? = nil
    ) throws {
        progress?.update {
            $0.tablesTotal = tables.count
            $0.estimatedBytes = tables.reduce(0) { $0 + $1.uncompressedBytes }
        }
        let groups: [[LoadTask]] =
            emptyFirst
            ? tables.map { table in table.chunks.map { LoadTask(table: table, file: $0, key: key) } }
            : tables.flatMap { table in table.chunks.map { [LoadTask(table: table, file: $0, key: key)] } }
        let ordered = groups.sorted {
            $0.reduce(0) { $0 + $1.file.uncompressedBytes } > $1.reduce(0) { $0 + $1.file.uncompressedBytes }
        }
        var loadConfig = config
        loadConfig.allowLocalInfile = localInfile
        let cancellers = CancellerList()
        let finished = TableCompletion(tables)
        let mode = LoadMode()
        if !localInfile { mode.switchToInsert() }
        try ParallelWork.run(
            tasks: ordered, workers: jobs,
            makeContext: { _ -> MySQLConnection in
                let connection = try MySQLConnection(config: loadConfig)
                try connection.executeScript("SET NAMES binary; \(sessionSQL); SET SESSION autocommit = 0")
                if tables.contains(where: \.carriesHistory) {
                    do { try connection.executeScript(.restoreInsertHistory) } catch let error as DBError {
                        throw DBError(
                            error.code,
                            "the backup holds system-versioned tables' history, which a MariaDB 10.11 or later restores (system_versioning_insert_history): \(error.message)"
                        )
                    }
                }
                try connection.apply(SessionSettings(statementTimeout: 0, lockTimeout: lockTimeout))
                cancellers.add(connection.makeCanceller())
                return connection
            }, closeContext: { $0.close() }, onFailure: { cancellers.cancelAll() }
        ) { connection, group in
            try Interruption.shared.check()
            guard let first = group.first else { return }
            // Two chunks of one table loaded at once can deadlock on a unique index (InnoDB
            // gap and insert-intention locks); the deadlock rolls the whole group back, so
            // it is simply loaded again.
            var attempt = 0
            while true {
                do {
                    if emptyFirst {
                        let name = connection.dialect.quote(first.table.name)
                        try connection.execute("DELETE FROM \(name)")
                        // DELETE keeps the rows as history; the backup's history replaces it.
                        if first.table.history == true { try connection.execute("DELETE HISTORY FROM \(name)") }
                    }
                    for task in group {
                        try load(task, connection, directory: directory, mode: mode, progress: progress)
                    }
                    try beforeCommit?(connection, first.table)
                    try connection.commit()
                    break
                } catch is LocalInfileRefused where !connection.isBroken {
                    // The server refused LOAD DATA LOCAL part-way through the group: the whole
                    // transaction (the DELETE included) is rolled back and done again with
                    // INSERTs. Going on from the refusal would keep the old rows beside the
                    // restored ones once the rollback undid the DELETE.
                    try? connection.rollback()
                } catch let error as DBError where error.code == .deadlock && attempt < 5 && !connection.isBroken {
                    try? connection.rollback()
                    attempt += 1
                    Thread.sleep(forTimeInterval: Double.random(in: 0.05...0.2) * Double(attempt))
                } catch {
                    if !connection.isBroken { try? connection.rollback() }
                    throw DBError.wrap(error, context: "table \(first.table.name)")
                }
            }
            if finished.done(first.table, files: group.count) { progress?.update { $0.tablesDone += 1 } }
        }
    }

    /// The server refused LOAD DATA LOCAL: the chunk group's transaction must start over.
    struct LocalInfileRefused: Error {}

    /// LOAD DATA LOCAL INFILE unless the server refused it once; then multi-row INSERT.
    final class LoadMode: @unchecked Sendable {
        private let lock = NSLock()
        private var insertOnly = false
        var useInsert: Bool { lock.lock(); defer { lock.unlock() }; return insertOnly }
        func switchToInsert() { lock.lock(); insertOnly = true; lock.unlock() }
    }

    static func load(
        _ task: LoadTask, _ connection: MySQLConnection, directory: String, mode: LoadMode,
        progress: BackupProgress?
    ) throws {
        if !mode.useInsert {
            do {
                try loadData(task, connection, directory: directory, progress: progress)
                return
            } catch let error as DBError where [1148, 3948, 4166].contains(error.mysqlErrno ?? 0) {
                // The server forbids LOAD DATA LOCAL: every later group uses INSERTs, and this
                // one starts over in a new transaction (see loadAll).
                mode.switchToInsert()
                throw LocalInfileRefused()
            }
        }
        try insertRows(task, connection, directory: directory, progress: progress)
    }

    /// MariaDB's types that read a binary string as their stored bytes (4 or 16) and text
    /// as their written form; rows load in CHARACTER SET binary, so their fields are made
    /// text first, or '::1' would be refused (LOAD DATA) or become NULL (INSERT).
    static let typesReadFromText: Set<String> = ["inet4", "inet6", "uuid"]

    /// The expression that turns a field (`input`: a variable or a placeholder) into the
    /// column's value, or nil when the field goes in as it is.
    static func valueExpression(_ column: ColumnEntry, _ input: String) -> String? {
        switch column.transfer {
        case "bit", "enum_index": return "CAST(\(input) AS UNSIGNED)"
        case "hex": return "UNHEX(\(input))"
        default:
            let type = column.type.lowercased().prefix { $0.isLetter || $0.isNumber }
            return typesReadFromText.contains(String(type)) ? "CONVERT(\(input) USING utf8mb4)" : nil
        }
    }

    static func columnList(_ table: TableEntry, _ d: Dialect) -> (columns: String, assignments: String) {
        var columns: [String] = [], assignments: [String] = []
        for (i, column) in table.columns.enumerated() {
            if let value = valueExpression(column, "@c\(i)") {
                columns.append("@c\(i)")
                assignments.append("\(d.quote(column.name)) = \(value)")
            } else {
                columns.append(d.quote(column.name))
            }
        }
        return (
            columns.joined(separator: ", "), assignments.isEmpty ? "" : " SET " + assignments.joined(separator: ", ")
        )
    }

    static func loadData(_ task: LoadTask, _ connection: MySQLConnection, directory: String, progress: BackupProgress?)
        throws
    {
        let d = connection.dialect
        let (columns, assignments) = columnList(task.table, d)
        let reader = try VerifyingReader(directory: directory, entry: task.file, key: task.key)
        var errorValues = EnumErrorValues(task.table.columns)
        let source = LocalInfileSource { buffer in
            let n = try reader.read(into: buffer)
            if n == 0 { try reader.finish() }
            errorValues?.feed(UnsafeRawBufferPointer(rebasing: buffer[0..<n]))
            progress?.update { $0.bytes += Int64(n) }
            return n
        }
        // The file name is a placeholder: the handler answers from memory.
        let sql =
            "LOAD DATA LOCAL INFILE 'dbops-restore' INTO TABLE \(d.quote(task.table.name)) CHARACTER SET binary "
            + "FIELDS TERMINATED BY '\\t' ESCAPED BY '\\\\' LINES TERMINATED BY '\\n' (\(columns))\(assignments)"
        let (rows, warnings) = try connection.loadLocalData(sql, from: source)
        try checkLoaded(task, rows: rows, warnings: warnings, errorValues: errorValues, connection)
        progress?.update { $0.rows += rows }
    }

    /// With LOCAL, the server turns data errors into warnings; any warning fails the file,
    /// but for exactly one per ENUM error value the file holds (EnumErrorValues).
    static func checkLoaded(
        _ task: LoadTask, rows: Int64?, warnings: Int, errorValues: EnumErrorValues? = nil,
        _ connection: MySQLConnection
    ) throws {
        if warnings > 0, errorValues?.explains(warnings: warnings) != true {
            let first = (try? connection.named(.restoreFirstWarning).first?["Message"]) ?? nil
            throw DBError(
                .corrupt, "\(task.file.path): \(warnings) warning(s) while loading\(first.map { ": \($0)" } ?? "")")
        }
        if let rows, let expected = task.file.rows, expected != rows {
            throw DBError(.corrupt, "\(task.file.path): the server loaded \(rows) rows, the manifest says \(expected)")
        }
    }

    /// Fallback: rows decoded from the file and sent as bound parameters in multi-row INSERTs.
    static func insertRows(
        _ task: LoadTask, _ connection: MySQLConnection, directory: String, progress: BackupProgress?
    ) throws {
        let d = connection.dialect
        let columns = task.table.columns
        let rowsPerStatement = max(1, min(500, 30_000 / max(1, columns.count)))
        let placeholders = "(" + columns.map { valueExpression($0, "?") ?? "?" }.joined(separator: ", ") + ")"
        let prefix =
            "INSERT INTO \(d.quote(task.table.name)) (\(columns.map { d.quote($0.name) }.joined(separator: ", "))) VALUES "
        var batch: [SQLValue] = []
        var batchRows = 0
        var inserted: Int64 = 0
        let noErrorValues = EnumErrorValues(columns)
        var errorValues = noErrorValues
        func flush() throws {
            guard batchRows > 0 else { return }
            let sql = prefix + Array(repeating: placeholders, count: batchRows).joined(separator: ", ")
            inserted += try connection.execute(sql, batch)
            // Outside strict mode a value the column refuses is stored as NULL or zero with
            // a warning: the file fails, as it does through LOAD DATA.
            try checkLoaded(
                task, rows: nil, warnings: connection.warningCount, errorValues: errorValues, connection)
            progress?.update { $0.rows += Int64(batchRows) }
            batch.removeAll(keepingCapacity: true)
            batchRows = 0
            errorValues = noErrorValues
        }
        let reader = try VerifyingReader(directory: directory, entry: task.file, key: task.key)
        var decoder = TSVDecoder()
        try reader.forEach { bytes in
            progress?.update { $0.bytes += Int64(bytes.count) }
            try decoder.feed(bytes) { fields in
                guard fields.count == columns.count else {
                    throw DBError(
                        .corrupt,
                        "\(task.file.path): a row has \(fields.count) fields, the table has \(columns.count) columns")
                }
                batch.append(contentsOf: fields.map { $0.map { SQLValue.bytes($0) } ?? .null })
                errorValues?.count(fields)
                batchRows += 1
                if batchRows == rowsPerStatement { try flush() }
            }
        }
        try reader.finish()
        guard !decoder.hasPartialRow else { throw DBError(.corrupt, "\(task.file.path): the last row is incomplete") }
        try flush()
        try checkLoaded(task, rows: inserted, warnings: 0, connection)
    }

    /// Views (in dependency order, found by retrying), routines, triggers, events, grants.
    /// Creates a view, routine, trigger or event under the character set and collation it
    /// was created with, then returns the session to utf8mb4: a routine made under utf8mb3
    /// must stay a utf8mb3 routine (its literals are read that way).
    static func create(_ object: MySQLSchema.Object, _ admin: MySQLConnection, noOwner: Bool) throws {
        let client = object.characterSetClient, collation = object.collationConnection
        if let client, let collation {
            try admin.execute(.restoreSetCharacterSetClient, [.text(client)])
            try admin.execute(.restoreSetCollationConnection, [.text(collation)])
        }
        defer { if client != nil { try? admin.executeScript(.restoreResetNames) } }
        try admin.executeScript(noOwner ? DefinerClause.removed(from: object.create) : object.create)
    }

    static func createObjects(
        _ schema: MySQLSchema, admin: MySQLConnection, targetDatabase: String, options: RestoreOptions
    ) throws -> [String] {
        var warnings: [String] = []
        var pending = schema.views
        while !pending.isEmpty {
            var failed: [MySQLSchema.Object] = []
            var lastError: Error?
            for view in pending {
                do { try create(view, admin, noOwner: options.noOwner) } catch {
                    failed.append(view)
                    lastError = error
                }
            }
            if failed.count == pending.count {
                throw DBError.wrap(lastError!, context: "view \(failed[0].name)" + definerHint(lastError!, options))
            }
            pending = failed
        }
        for object in schema.routines + schema.triggers + schema.events {
            if let mode = object.sqlMode { try admin.execute(.restoreSetSqlMode, [.text(mode)]) }
            do { try create(object, admin, noOwner: options.noOwner) } catch {
                throw DBError.wrap(
                    error, context: "\(object.kind.lowercased()) \(object.name)" + definerHint(error, options))
            }
        }
        try admin.executeScript(sessionSQL)
        let d = admin.dialect
        for grant in schema.grants where !options.noPrivileges {
            let rewritten = grant.replacingOccurrences(
                of: "ON \(d.quote(schema.sourceDatabase)).", with: "ON \(d.quote(targetDatabase)).")
            do { try admin.executeScript(rewritten) } catch {
                warnings.append(
                    "grant not restored (\(DBError.oneLineDescription(of: error))): \(rewritten.components(separatedBy: " IDENTIFIED").first ?? "")"
                )
            }
        }
        return warnings
    }

    /// Creating an object another account defined takes SET USER (or SUPER); the refusal
    /// names those privileges, and --no-owner is the way out for an account without them.
    static func definerHint(_ error: Error, _ options: RestoreOptions) -> String {
        let message = DBError.oneLineDescription(of: error)
        // MariaDB: SET USER; MySQL: SET_USER_ID, SET_ANY_DEFINER (8.2). A bare SUPER refusal
        // is binary logging's rule for triggers and functions, which a definer does not change.
        guard !options.noOwner,
            ["SET USER", "SET_USER_ID", "SET_ANY_DEFINER"].contains(where: { message.contains($0) })
        else { return "" }
        return " (its DEFINER is another account: add --no-owner to make it the restoring account's)"
    }
}
