import DBCore
import Foundation

/// PostgreSQL restore: pre-data schema in one transaction (pg_restore), rows with parallel
/// COPY (each file committed only after its checksum, size and row count matched), each
/// table's indexes and key constraints built by the same workers as soon as its rows are
/// in (while other tables still load), sequence positions, then the rest of post-data
/// (foreign keys, triggers, policies, partition index attachments...) with pg_restore -j.
enum PostgresRestore: RestoreEngine {
    /// The admin session, the lock watch and pg_restore's leader beside its -j workers.
    static let sessionsBesideWorkers = 3

    static func run(
        _ manifest: BackupManifest, directory: String, config: ConnectionConfig, options: RestoreOptions,
        progress: BackupProgress?
    ) throws -> [String] {
        // Named apart from any other session, so that a lock watch can tell them apart: also
        // over a URL's application_name (or PGAPPNAME), which is often the application's
        // own, copied with its URL; the watch would then take the application holding the
        // lock for part of the restore, and the restore would wait on it for good.
        var config = config
        config.applicationName = "dbops-restore"
        config.parameters["application_name"] = config.applicationName
        let admin = try PostgresConnection(config: config)
        defer { admin.close() }
        try admin.apply(SessionSettings(lockTimeout: options.lockTimeout))
        let major = admin.server.versionNumber / 10000
        let privateDirectory = try PostgresTools.makePrivateDirectory()
        defer { try? FileManager.default.removeItem(atPath: privateDirectory) }
        let archive = try schemaArchive(manifest, directory: directory, into: privateDirectory)
        let pgRestore = Sections(config: config, major: major, options: options)
        // Read before anything is changed: an archive that disagrees with its manifest is
        // refused with the target as it was.
        let (early, postDataList, preDataList, largeObjectsList) = try splitPostData(
            manifest, archive: archive, config: config, major: major, privateDirectory: privateDirectory)
        if options.clean, let archive {
            progress?.update { $0.phase = "dropping" }
            try dropArchiveObjects(archive, admin: admin, major: major, privateDirectory: privateDirectory)
        }
        let unmark = try markIncomplete(admin, database: config.database ?? "", clean: options.clean)
        try PostgresLockWatch(restoringInto: config, limit: options.lockTimeout).watching {
            if let archive {
                progress?.update { $0.phase = "schema" }
                try pgRestore.run(
                    ["--section=pre-data"] + (options.keepGoing ? [] : ["--single-transaction"])
                        + (preDataList.map { ["--use-list=\($0)"] } ?? []) + [archive])
            }
            progress?.update { $0.phase = "loading" }
            try loadAndIndex(
                manifest.tables, early: early, directory: directory, key: manifest.contentKey, config: config,
                jobs: options.jobs, tablespaces: !options.noTablespaces, progress: progress)
            try restoreSequences(manifest.sequences, admin)
            if let archive, let largeObjectsList {
                // Apart from the pre-data's one transaction, where each held a lock to its end
                // and tens of thousands ran the server out of lock memory; contents (BLOBS) last.
                progress?.update { $0.phase = "large objects" }
                try pgRestore.run(["--use-list=\(largeObjectsList)", archive])
            }
            if let archive, let postDataList {
                progress?.update { $0.phase = "post-data" }
                try pgRestore.run(["--jobs=\(max(1, options.jobs))", "--use-list=\(postDataList)", archive])
            }
            try refreshViews(manifest.populatedViews ?? [], admin, progress: progress)
        }
        try finish(refused: pgRestore.refused, admin, unmark: unmark, analyze: options.analyze, progress: progress)
        guard options.madeTarget, let archive else { return [] }
        return databaseProperties(
            archive, source: manifest.database, admin: admin, config: config, privateDirectory: privateDirectory,
            options: options)
    }

    /// A database this restore made gets the source database's comment, owner, grants and
    /// settings, last: a setting such as default_transaction_read_only or a short
    /// statement_timeout would otherwise have reached the restore's own sessions. The
    /// contents are whole by then, so what the server refuses (a role it lacks) is a warning.
    static func databaseProperties(
        _ archive: String, source: String, admin: PostgresConnection, config: ConnectionConfig,
        privateDirectory: String, options: RestoreOptions
    ) -> [String] {
        let statements: [String]
        do {
            statements = try DatabaseProperties.statements(
                archive: archive, source: source, target: config.database ?? "", config: config,
                major: admin.server.versionNumber / 10000, privateDirectory: privateDirectory, options: options)
        } catch {
            return [
                "the source database's comment, grants and settings were not read from the backup: \(DBError.oneLineDescription(of: error))"
            ]
        }
        return statements.compactMap { statement in
            do {
                try admin.executeScript(statement)
                return nil
            } catch {
                return "the source database's own \(statement) was refused: \(DBError.oneLineDescription(of: error))"
            }
        }
    }

    /// The last steps: the marker goes only when nothing was refused, then ANALYZE if asked.
    static func finish(
        refused: [String], _ admin: PostgresConnection, unmark: String, analyze: Bool, progress: BackupProgress?
    ) throws {
        guard refused.isEmpty else {
            // Restored but for these: the marker stays, so nothing takes this for a whole copy.
            throw DBError(
                .serverError,
                "restored except \(refused.count) statement(s) the server refused (the target keeps \(RestoreMarker.table)): "
                    + refused.prefix(10).joined(separator: "; ") + (refused.count > 10 ? "; ..." : ""))
        }
        try admin.executeScript(unmark)
        if analyze {
            progress?.update { $0.phase = "analyze" }
            try admin.executeScript("ANALYZE")
        }
    }

    /// pg_restore of one section at a time: all or nothing by default; with --keep-going,
    /// what the server refuses is listed and the rest goes on, as plain pg_restore does.
    final class Sections {
        let config: ConnectionConfig
        let major: Int
        let keepGoing: Bool
        let common: [String]
        let options: RestoreOptions
        private(set) var refused: [String] = []

        init(config: ConnectionConfig, major: Int, options: RestoreOptions) {
            self.config = config
            self.major = major
            self.options = options
            keepGoing = options.keepGoing
            let database = config.database ?? ""
            let target =
                "--dbname=dbname='\(database.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "\\'"))'"
            let common = options.keepGoing ? [target] : ["--exit-on-error", target]
            self.common = common + options.leftOut
        }

        func run(_ arguments: [String]) throws {
            guard keepGoing else {
                do {
                    try PostgresTools.run("pg_restore", common + arguments, config: config, serverMajor: major)
                } catch let error as DBError {
                    throw DBError(error.code, error.message + hint(error.message))
                }
                return
            }
            let (status, text) = try PostgresTools.runAllowingFailure(
                "pg_restore", common + arguments, config: config, serverMajor: major)
            let failures = PostgresTools.refusedStatements(text)
            if status != 0 && failures.isEmpty {
                throw DBError(
                    .serverError,
                    "pg_restore failed (exit \(status)): \(text.split(separator: "\n").suffix(2).joined(separator: "; "))"
                )
            }
            refused += failures
        }

        /// A role restoring what another role owned (or granted to roles this server lacks)
        /// is refused the ownership and grant statements; pg_restore's own way out applies.
        func hint(_ message: String) -> String {
            if !options.noOwner && message.contains("OWNER TO")
                && (message.contains("must be member of role") || message.contains("must be owner")
                    || message.contains("does not exist"))
            {
                return "; to restore as this role, owning everything, add --no-owner"
            }
            if !options.noPrivileges && (message.contains("(in: GRANT") || message.contains("(in: REVOKE"))
                && message.contains("role")
            {
                return "; to leave the backup's grants out, add --no-privileges"
            }
            if !options.noTablespaces && message.contains("default_tablespace") {
                return "; to create every table in this server's default tablespace, add --no-tablespaces"
            }
            return ""
        }
    }

    /// The target must be empty (after --clean dropped what the backup holds); then it is
    /// marked incomplete until the restore's last step. The marker goes in the current
    /// schema, or, when there is none this role may create in, in a schema of its own made
    /// for it. Returns the statement that takes the marker away.
    static func markIncomplete(_ admin: PostgresConnection, database: String, clean: Bool) throws -> String {
        let d = admin.dialect
        let own = d.quote(RestoreMarker.table)
        if clean {
            for row in try admin.named(.restoreMarkers).rows {
                try admin.executeScript("DROP TABLE IF EXISTS \(d.quote(row["schema"] ?? "")).\(own)")
            }
            try admin.executeScript("DROP SCHEMA IF EXISTS \(own)")
        }
        try RestoreMarker.requireEmpty(
            admin.named(.backupNonEmpty).first, database: database,
            objects: "tables, views, sequences or large objects",
            cleaned: clean)
        return try mark(admin)
    }

    /// Creates the marker (if it is not there) in the current schema, or in a schema of its
    /// own when there is none this role may create in; returns the statement that takes it
    /// away.
    static func mark(_ admin: DatabaseConnection) throws -> String {
        let d = admin.dialect
        let own = d.quote(RestoreMarker.table)
        let home = try admin.named(.restoreMarkerHome).first?["schema"]
        let marker = "\(home.map(d.quote) ?? own).\(own)"
        try admin.executeScript(
            (home == nil ? "CREATE SCHEMA IF NOT EXISTS \(own);\n" : "")
                + """
                CREATE TABLE IF NOT EXISTS \(marker) (started_at timestamptz NOT NULL DEFAULT now());
                INSERT INTO \(marker) DEFAULT VALUES;
                COMMENT ON TABLE \(marker) IS 'dbops restore in progress or failed: this database is incomplete';
                """)
        return home == nil ? "DROP TABLE \(marker); DROP SCHEMA \(own)" : "DROP TABLE \(marker)"
    }

    /// Which indexes and key constraints the loading workers build as each table's rows are
    /// in, the listing of the post-data that remains for pg_restore, and, when the archive
    /// carries large objects, the listing of the pre-data without them and the listing of
    /// the large objects (their definitions and their contents).
    static func splitPostData(
        _ manifest: BackupManifest, archive: String?, config: ConnectionConfig, major: Int, privateDirectory: String
    ) throws -> (early: [String: [IndexEntry]], postDataList: String?, preDataList: String?, largeObjectsList: String?)
    {
        let promised = manifest.features?.contains(BackupManifest.largeObjectsFeature) == true
        guard let archive else {
            if promised {
                throw DBError(.corrupt, "the manifest promises large objects and the backup has no schema archive")
            }
            return ([:], nil, nil, nil)
        }
        let listing = (privateDirectory as NSString).appendingPathComponent("toc.list")
        try PostgresTools.run(
            "pg_restore", ["--list", "--file=\(listing)", archive], config: config, serverMajor: major)
        let text = try String(contentsOfFile: listing, encoding: .utf8)
        // The post-data's own listing, run whole by pg_restore without --section: an entry
        // of no section of its own (a COMMENT ON INDEX) counts as the section of the entry
        // before it that pg_restore restores, so with every index before it built early it
        // fell into the pre-data and --section=post-data left it out.
        let postDataListing = (privateDirectory as NSString).appendingPathComponent("post-data-toc.list")
        try PostgresTools.run(
            "pg_restore", ["--list", "--section=post-data", "--file=\(postDataListing)", archive], config: config,
            serverMajor: major)
        let plan = EarlyIndexes.plan(
            manifest.tables, listing: try String(contentsOfFile: postDataListing, encoding: .utf8))
        let postDataList = (privateDirectory as NSString).appendingPathComponent("post-data.list")
        try plan.remainingListing.write(toFile: postDataList, atomically: true, encoding: .utf8)
        let (others, objects) = largeObjectEntries(text)
        guard objects.contains(where: \.contents) == promised else {
            throw DBError(
                .corrupt,
                promised
                    ? "the manifest promises large objects and the schema archive holds none"
                    : "the schema archive holds large objects the manifest does not list")
        }
        guard promised else { return (plan.early, postDataList, nil, nil) }
        let preDataList = (privateDirectory as NSString).appendingPathComponent("pre-data.list")
        try (others.joined(separator: "\n") + "\n").write(toFile: preDataList, atomically: true, encoding: .utf8)
        let largeObjectsList = (privateDirectory as NSString).appendingPathComponent("large-objects.list")
        try (objects.map(\.line).joined(separator: "\n") + "\n").write(
            toFile: largeObjectsList, atomically: true, encoding: .utf8)
        return (plan.early, postDataList, preDataList, largeObjectsList)
    }

    /// The archive listing split: every other entry, and the large objects' — each one's
    /// definition, owner, grants and comment ("BLOB", "ACL - LARGE OBJECT ...") and their
    /// contents ("BLOBS" up to PostgreSQL 16, "LARGE OBJECTS" after), in listing order.
    static func largeObjectEntries(_ listing: String) -> (
        others: [String], objects: [(line: String, contents: Bool)]
    ) {
        var others: [String] = []
        var objects: [(line: String, contents: Bool)] = []
        for line in listing.split(separator: "\n").map(String.init) {
            let parts = line.split(separator: " ", maxSplits: 3, omittingEmptySubsequences: false)
            guard !line.hasPrefix(";"), parts.count == 4, parts[0].hasSuffix(";") else {
                others.append(line)
                continue
            }
            let entry = parts[3]
            if entry.hasPrefix("BLOBS ") || entry.hasPrefix("LARGE OBJECTS ") {
                objects.append((line, true))
            } else if entry.hasPrefix("BLOB ") || entry.hasPrefix("BLOB METADATA ")
                || (["ACL ", "COMMENT ", "SECURITY LABEL "].contains { entry.hasPrefix($0) }
                    && entry.contains(" LARGE OBJECT "))
            {
                objects.append((line, false))
            } else {
                others.append(line)
            }
        }
        return (others, objects)
    }

    /// Refreshes the materialized views that held data in the source, a view another one
    /// reads from first: a refresh that needs an unpopulated view waits for the next pass.
    static func refreshViews(_ views: [String], _ admin: PostgresConnection, progress: BackupProgress?) throws {
        guard !views.isEmpty else { return }
        progress?.update { $0.phase = "materialized views" }
        try admin.executeScript(.restoreNoStatementTimeout)
        var pending = views
        while !pending.isEmpty {
            var failed: [(String, DBError)] = []
            for view in pending {
                // The statement names the view as the target server spells it (regclass
                // output), never the manifest's text: a forged name cannot become SQL.
                guard
                    let name = try? admin.scalar(
                        .restoreMaterializedView,
                        [.text(view)])
                else { continue }
                do { try admin.executeScript(refresh(name, admin)) } catch let error as DBError {
                    failed.append((view, error))
                }
            }
            guard failed.count < pending.count else {
                throw DBError(
                    failed[0].1.code, "materialized view \(failed[0].0): REFRESH failed: \(failed[0].1.message)")
            }
            pending = failed.map(\.0)
        }
    }

    /// The statement refreshing a materialized view, named as the target's server spells it.
    static func refresh(_ view: String, _ admin: PostgresConnection) throws -> String {
        try SQLTemplate.named(.restoreRefreshMaterializedView, server: admin.server).fragment(
            dialect: admin.dialect, fragments: ["view": .init(view)]
        ).text
    }

    /// Reloads chosen tables of an existing database in one transaction: all of them are
    /// emptied in one TRUNCATE, then loaded parents before children (foreign keys are
    /// checked row by row), so the reload happens wholly or not at all.
    static func runTables(
        _ selection: RestoreSelection, manifest: BackupManifest, directory: String, config: ConnectionConfig,
        options: RestoreOptions, progress: BackupProgress?
    ) throws -> [String] {
        let tables = selection.tables
        let admin = try PostgresConnection(config: config)
        defer { admin.close() }
        try admin.apply(SessionSettings(lockTimeout: options.lockTimeout))
        // A table the target lacks (dropped by mistake, the usual reason to restore one)
        // is created from the backup's schema in the same transaction as its rows.
        let definitions = try TableDefinitionScript.make(
            missingFrom: tables, partitioned: selection.partitioned, manifest: manifest, directory: directory,
            admin: admin, options: options)
        let session = {
            try admin.executeScript(.restoreLoadingSession)
            try admin.apply(SessionSettings(lockTimeout: options.lockTimeout))
        }
        var warnings: [String] = []
        let ordered = try parentsFirst(tables, admin)
        let guardian = try ForeignKeyGuard(admin, chosen: Set(tables.map { "\($0.schema).\($0.name)" }))
        if !options.disableTriggers, let refusal = guardian.refusal() { throw refusal }
        progress?.update {
            $0.tablesTotal = tables.count
            $0.estimatedBytes = tables.reduce(0) { $0 + $1.uncompressedBytes }
            $0.phase = "loading"
        }
        try admin.executeScript(.restoreLoadingSession)
        let qualified = ordered.map { admin.dialect.qualified($0.schema, $0.name) }
        try LockHolder.naming(qualified, on: admin) {
            try admin.transaction {
                try definitions?.runBeforeRows(admin, session: session)
                // The existing tables' own triggers would fire on the rows (COPY fires INSERT
                // triggers, TRUNCATE its own): off until the rows are in, in this transaction.
                let created = Set((definitions?.created ?? []).map(\.qualifiedName))
                let paused =
                    options.fireTriggers
                    ? nil : try PausedTriggers(ordered.filter { !created.contains($0.qualifiedName) }, admin)
                try empty(ordered, admin, options: options)
                for table in ordered {
                    try Interruption.shared.check()
                    for file in table.chunks {
                        try load(
                            LoadTask(table: table, file: file, key: manifest.contentKey), admin, directory: directory,
                            progress: progress)
                    }
                    progress?.update { $0.tablesDone += 1 }
                }
                // Indexes, constraints (checked against the rows now in), triggers and policies:
                // after the rows, as a whole restore builds them.
                if let definitions {
                    progress?.update { $0.phase = "indexes" }
                    warnings = try definitions.runAfterRows(admin, session: session)
                    try SetAsideMark.clear(definitions.created.map { ($0.schema, $0.name) }, admin)
                }
                // Sequences owned by a reloaded table follow it, and those of a partitioned
                // table created with its partitions, and those of a schema created with them.
                let chosen = Set(
                    tables.map { "\($0.schema).\($0.name)" } + (definitions?.parents ?? []).map(\.qualifiedName))
                let owned = try admin.named(.backupSequences).rows.filter {
                    chosen.contains("\($0["owner_schema"] ?? "").\($0["owner_table"] ?? "")")
                }
                let names = Set(owned.map { "\($0["schema"] ?? "").\($0["name"] ?? "")" })
                try restoreSequences(
                    manifest.sequences.filter { names.contains("\($0.schema).\($0.name)") }
                        + (definitions?.sequences ?? []), admin)
                if options.disableTriggers { try guardian.check(guardian.touching, admin) }
                try paused?.resume(admin)
            }
        }
        return warnings
    }

    /// Empties the tables about to be reloaded, in the reload's transaction: one TRUNCATE,
    /// or with --disable-triggers a DELETE each under the replica role (foreign-key
    /// triggers and user triggers off, as pg_restore --disable-triggers: rows go in
    /// whatever references them, and the reload's check stands in for the triggers; needs
    /// superuser).
    static func empty(_ ordered: [TableEntry], _ admin: PostgresConnection, options: RestoreOptions) throws {
        let d = admin.dialect
        // Only partitioned tables chosen (no rows of their own): nothing to empty.
        guard !ordered.isEmpty else { return }
        guard options.disableTriggers else {
            try execute(
                "TRUNCATE ONLY " + ordered.map { d.qualified($0.schema, $0.name) }.joined(separator: ", "), admin)
            return
        }
        do { try admin.executeScript(.restoreDisableTriggers) } catch let error as DBError {
            throw DBError(
                error.code, "--disable-triggers needs a superuser (SET session_replication_role): \(error.message)")
        }
        for table in ordered { try admin.executeScript("DELETE FROM ONLY \(d.qualified(table.schema, table.name))") }
    }

    /// Orders tables so that a referenced table comes before the tables referencing it.
    static func parentsFirst(_ tables: [TableEntry], _ connection: DatabaseConnection) throws -> [TableEntry] {
        let chosen = Set(tables.map(\.qualifiedName))
        var parents: [String: Set<String>] = [:]
        for row in try connection.named(.backupForeignKeys).rows {
            guard let child = row["child"], let parent = row["parent"], chosen.contains(parent) else { continue }
            parents[child, default: []].insert(parent)
        }
        var loaded: Set<String> = [], out: [TableEntry] = []
        var remaining = tables
        while !remaining.isEmpty {
            var ready = remaining.filter { (parents[$0.qualifiedName] ?? []).isSubset(of: loaded) }
            // A cycle of foreign keys: take the rest as they come (the server says if a row breaks one).
            if ready.isEmpty { ready = remaining }
            for table in ready { loaded.insert(table.qualifiedName) }
            out += ready
            remaining.removeAll { loaded.contains($0.qualifiedName) }
        }
        return out
    }

    private enum Work {
        case load(LoadTask)
        case build(table: String, index: IndexEntry)
    }

    /// Loads every data file (each in its own transaction) and builds each table's early
    /// indexes once all its files are in. Largest work first: a big table's index builds
    /// outrank small tables' files, since they are what the restore ends on.
    static func loadAndIndex(
        _ tables: [TableEntry], early: [String: [IndexEntry]], directory: String, key: ContentKey?,
        config: ConnectionConfig,
        jobs: Int, tablespaces: Bool, progress: BackupProgress?
    ) throws {
        progress?.update {
            $0.tablesTotal = tables.count
            $0.estimatedBytes = tables.reduce(0) { $0 + $1.uncompressedBytes }
        }
        let queue = WorkQueue<Work>()
        let weight = { (table: TableEntry) in max(1, table.uncompressedBytes) }
        for table in tables {
            if table.chunks.isEmpty {
                for index in early[table.qualifiedName] ?? [] {
                    queue.add(.build(table: table.qualifiedName, index: index), priority: weight(table))
                }
            }
            for file in table.chunks {
                queue.add(.load(LoadTask(table: table, file: file, key: key)), priority: file.uncompressedBytes)
            }
        }
        let cancellers = CancellerList()
        let finished = TableCompletion(tables)
        let built = TableCompletion(counts: early.mapValues(\.count))
        try queue.run(
            workers: jobs,
            makeContext: { _ -> PostgresConnection in
                let connection = try PostgresConnection(config: config)
                try connection.executeScript(.restoreWorkerSession)
                cancellers.add(connection.makeCanceller())
                return connection
            }, closeContext: { $0.close() }, onFailure: { cancellers.cancelAll() }
        ) { connection, work in
            try Interruption.shared.check()
            switch work {
            case .load(let task):
                try connection.transaction { try load(task, connection, directory: directory, progress: progress) }
                if finished.done(task.table, files: 1) {
                    progress?.update { $0.tablesDone += 1 }
                    for index in early[task.table.qualifiedName] ?? [] {
                        queue.add(.build(table: task.table.qualifiedName, index: index), priority: weight(task.table))
                    }
                }
            case .build(let table, let index):
                try build(index, of: table, connection, tablespaces: tablespaces)
                if built.done(table) { try addExtras(of: early[table] ?? [], to: table, connection) }
            }
        }
    }

    /// One index, in the tablespace the backup recorded for it unless --no-tablespaces.
    static func build(_ index: IndexEntry, of table: String, _ connection: PostgresConnection, tablespaces: Bool)
        throws
    {
        let tablespace = tablespaces ? index.tablespace : nil
        do {
            if let tablespace { try connection.execute(.restoreIndexTablespace, [.text(tablespace)]) }
            try connection.executeScript(index.sql)
            if tablespace != nil { try connection.execute(.restoreIndexTablespace, [.text("")]) }
        } catch let error as DBError where index.tablespace != nil && error.message.contains("default_tablespace") {
            throw DBError(
                error.code,
                "index \(index.name) of \(table): \(error.message); to build every index in this server's default tablespace, add --no-tablespaces"
            )
        } catch {
            throw DBError.wrap(error, context: "index \(index.name) of \(table)")
        }
    }

    /// What pg_dump writes with a table's indexes (CLUSTER ON, REPLICA IDENTITY USING INDEX,
    /// SET STATISTICS), once all of them are built, in one round trip. Not with each index:
    /// in the index's own transaction, REPLICA IDENTITY's ACCESS EXCLUSIVE lock (or SET
    /// STATISTICS's SHARE UPDATE EXCLUSIVE) on the table would be an upgrade of the SHARE
    /// lock CREATE INDEX holds, and two workers building indexes of the same table each wait
    /// for the other's: a deadlock the server ends by failing the restore.
    static func addExtras(of indexes: [IndexEntry], to table: String, _ connection: PostgresConnection) throws {
        let extras = indexes.flatMap { $0.extras ?? [] }
        guard !extras.isEmpty else { return }
        do {
            try connection.executeScript(extras.joined(separator: ";\n"))
        } catch {
            throw DBError.wrap(error, context: "indexes of \(table)")
        }
    }

    static func load(_ task: LoadTask, _ connection: PostgresConnection, directory: String, progress: BackupProgress?)
        throws
    {
        let d = connection.dialect
        let columns = task.table.columns.map { d.quote($0.name) }.joined(separator: ", ")
        let reader = try VerifyingReader(
            directory: directory, entry: task.file, format: task.table.dataFormat, key: task.key)
        let format = task.table.dataFormat == .binary ? " (FORMAT binary)" : ""
        let rows: Int64
        do {
            let list = columns.isEmpty ? "" : " (\(columns))"  // a table with no columns
            rows = try connection.copyIn(
                "COPY \(d.qualified(task.table.schema, task.table.name))\(list) FROM STDIN\(format)"
            ) { writer in
                try reader.forEach { bytes in
                    try writer.write(bytes)
                    progress?.update { $0.bytes += Int64(bytes.count) }
                }
                // Checked before COPY ends: a damaged file aborts the COPY, nothing of it stays.
                try reader.finish()
            }
        } catch {
            throw DBError.wrap(error, context: "table \(task.table.qualifiedName), \(task.file.path)")
        }
        progress?.update { $0.rows += rows }
        if let expected = task.file.rows, expected != rows {
            throw DBError(.corrupt, "\(task.file.path): the server loaded \(rows) rows, the manifest says \(expected)")
        }
    }

    /// A thousand sequences a statement: one round trip each would add up to seconds on a
    /// distant server for a schema of thousands of serial columns.
    static func restoreSequences(_ sequences: [SequenceValue], _ connection: DatabaseConnection) throws {
        for start in stride(from: 0, to: sequences.count, by: 1000) {
            let batch = sequences[start..<min(sequences.count, start + 1000)].map {
                [
                    connection.dialect.qualified($0.schema, $0.name), String($0.lastValue),
                    $0.isCalled ? "true" : "false",
                ]
            }
            let json = try JSONSerialization.data(withJSONObject: batch)
            try connection.execute(.restoreSetSequence, [.text(String(decoding: json, as: UTF8.self))])
        }
    }

    /// The pg_dump archive, decompressed (and checked) into the private directory.
    static func schemaArchive(_ manifest: BackupManifest, directory: String, into privateDirectory: String) throws
        -> String?
    {
        guard let entry = manifest.schemaFiles.first(where: { $0.path == PostgresSchemaBackup.file }) else {
            return nil
        }
        let path = (privateDirectory as NSString).appendingPathComponent("schema.dump")
        let writer = try DurableFileWriter(path: path)
        let reader = try VerifyingReader(directory: directory, entry: entry, key: manifest.contentKey)
        try reader.forEach { try writer.write($0) }
        try reader.finish()
        try writer.close()
        return path
    }

    /// --clean: the DROP statements pg_restore --clean would run for this archive (in
    /// dependency order, IF EXISTS; lo_unlink for its large objects), run in one
    /// transaction.
    static func dropArchiveObjects(_ archive: String, admin: DatabaseConnection, major: Int, privateDirectory: String)
        throws
    {
        let script = (privateDirectory as NSString).appendingPathComponent("clean.sql")
        try PostgresTools.run(
            // Sections, not --schema-only: -s leaves the large objects' lo_unlink out.
            "pg_restore",
            ["--clean", "--if-exists", "--section=pre-data", "--section=post-data", "--file=\(script)", archive],
            config: admin.config, serverMajor: major)
        let text = try String(contentsOfFile: script, encoding: .utf8)
        var drops: [String] = []
        var unlinks: [String] = []
        for line in text.split(separator: "\n") {
            if line.hasPrefix("CREATE ") { break }
            if line.hasPrefix("SELECT pg_catalog.lo_unlink(") {
                unlinks.append(String(line))
            } else if line.hasPrefix("DROP ") || line.hasPrefix("ALTER TABLE IF EXISTS ") {
                drops.append(String(line))
            }
        }
        // One transaction, statement by statement: a partition's inherited key constraint
        // (42P16) and a partition's index attached to its parent's (2BP01) cannot be
        // dropped on their own — they go with the parent's — so those two refusals are
        // stepped over (savepoint) instead of failing the whole --clean. What is left is
        // counted before it commits: a target the clean would not leave empty keeps all.
        try admin.transaction {
            for statement in drops {
                try admin.executeScript("SAVEPOINT dbops_drop")
                do {
                    try execute(statement, admin)
                } catch let error as DBError where Self.goesWithParent(statement, error) {
                    try admin.executeScript("ROLLBACK TO SAVEPOINT dbops_drop")
                }
                try admin.executeScript("RELEASE SAVEPOINT dbops_drop")
            }
            let oids = unlinks.compactMap { $0.split(separator: "'").dropFirst().first }.joined(separator: ",")
            let left = try admin.scalar(.restoreLeftAfterClean, [.text(oids)]).flatMap { Int($0) } ?? 0
            if left > 0 {
                throw RestoreMarker.leftByClean(
                    database: admin.config.database ?? "",
                    objects: "\(left) tables, views, sequences or large objects")
            }
        }
        guard !unlinks.isEmpty else { return }
        // Each unlinked large object holds a lock to the end of its transaction: tens of
        // thousands in one ran the server out of lock memory. So they go in batches, which
        // cannot be undone as one, and the target is marked incomplete first.
        _ = try mark(admin)
        for start in stride(from: 0, to: unlinks.count, by: 1000) {
            try admin.transaction {
                for statement in unlinks[start..<min(start + 1000, unlinks.count)] { try execute(statement, admin) }
            }
        }
    }

    /// Runs one statement; a lock not granted within --lock-timeout names the statement
    /// (the tables it waited for).
    static func execute(_ statement: String, _ admin: DatabaseConnection) throws {
        do { try admin.executeScript(statement) } catch let error as DBError where error.code == .lockNotAvailable {
            throw DBError(error.code, "\(statement.trimmingCharacters(in: [";"])): \(error.message)")
        }
    }

    static func goesWithParent(_ statement: String, _ error: DBError) -> Bool {
        (statement.hasPrefix("ALTER TABLE") && statement.contains(" DROP CONSTRAINT ") && error.sqlState == "42P16")
            || (statement.hasPrefix("DROP INDEX") && error.sqlState == "2BP01")
    }
}
