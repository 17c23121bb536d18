import DBCore
import Foundation

/// A MySQL/MariaDB database dumped: workers opened in one consistent snapshot (see
/// MySQLSnapshot), the schema captured from SHOW CREATE, rows copied as text.
enum MySQLDump: DumpEngine {
    /// The chunk planner reads MIN and MAX of a large table's key: a table another session
    /// holds (LOCK TABLES ... WRITE, a schema change) makes that wait for its metadata lock,
    /// bounded like the snapshot's waits rather than by lock_wait_timeout's year. The same
    /// bound then serves the leader's commit hold (MySQLSnapshot.open).
    static func boundLockWaits(_ leader: DatabaseConnection, _ options: BackupOptions) throws {
        try leader.execute(.backupLockWaitTimeout, [.int(MySQLSnapshot.lockWaitSeconds(options.lockTimeout))])
    }

    static func dump(
        _ config: ConnectionConfig, options: BackupOptions, sink: BackupSink,
        progress: BackupProgress?
    ) throws -> BackupManifest {
        let filter = TableFilter(options)
        let leader = try MySQLConnection(config: config)
        defer { leader.close() }
        let (options, budgetWarnings) = try BackupRunner.budgeted(options, besides: 0, on: leader)
        try boundLockWaits(leader, options)
        if options.include.isEmpty { try requireSchemaRead(leader, database: config.database ?? "") }
        let (plans, catalogWarnings) = try MySQLCatalog.tables(
            leader, filter: filter, chunkBytes: options.chunkBytes, jobs: options.jobs)
        var warnings = budgetWarnings + catalogWarnings
        progress?.update {
            $0.tablesTotal = plans.count; $0.estimatedBytes = plans.reduce(0) { $0 + $1.estimatedBytes };
            $0.phase = "copying"
        }

        var workers: [DatabaseConnection] = []
        defer { workers.forEach { $0.close() } }
        var snapshot = SnapshotPoint(method: "none (schema only)")
        if !options.schemaOnly {
            let wanted = max(1, min(options.jobs, plans.reduce(0) { $0 + $1.chunks.count }))
            for _ in 0..<wanted {
                let worker = try MySQLConnection(config: config)
                // Raw bytes (binary character set), no statement limit, patient network timeouts.
                try worker.executeScript(.backupWorkerSession)
                try worker.apply(SessionSettings(statementTimeout: 0))
                workers.append(worker)
            }
            let (point, snapshotWarnings) = try MySQLSnapshot.open(
                leader: leader, workers: &workers, lockTimeout: options.lockTimeout,
                galeraDesync: options.galeraDesync, holding: options.blockDDL ? plans.map(\.name) : [])
            snapshot = point
            warnings += snapshotWarnings
        }

        var schemaFiles: [FileEntry] = []
        var features: [String] = []
        if !options.dataOnly {
            let (schema, schemaWarnings) = try MySQLSchemaCapture.capture(
                leader, tables: plans, includeAllObjects: options.include.isEmpty)
            warnings += schemaWarnings
            if !(schema.sequences ?? []).isEmpty { features.append(BackupManifest.sequencesFeature) }
            let writer = try CompressedFileWriter(
                sink: sink, path: MySQLSchema.file, level: options.zstdLevel, threads: 0)
            try writer.write(try JSONEncoder().encode(schema))
            schemaFiles.append(try writer.close(rows: nil))
        }

        let tables =
            options.schemaOnly
            ? plans.map { BackupRunner.emptyEntry($0) }
            : try copy(plans, workers: workers, options: options, sink: sink, progress: progress)
        return BackupManifest(
            toolVersion: BackupRunner.toolVersion, createdAt: Date(), completedAt: Date(), engine: .mysql,
            server: leader.server, database: "", snapshot: snapshot, options: BackupRunner.recorded(options),
            schemaFiles: schemaFiles, tables: tables, sequences: [], warnings: warnings,
            features: Self.features(features, tables))
    }

    /// What a restore must handle beyond tables and rows (nil: nothing): sequences, and
    /// versioned tables' history.
    static func features(_ schema: [String], _ tables: [TableEntry]) -> [String]? {
        let all =
            schema + (tables.contains(where: \.carriesHistory) ? [BackupManifest.historyFeature] : [])
        return all.isEmpty ? nil : all
    }

    /// The rows, by as many workers as the snapshot left connections: it may have kept one
    /// only (no RELOAD privilege, a Galera node not desynced), whatever --jobs asked.
    static func copy(
        _ plans: [TablePlan], workers: [DatabaseConnection], options: BackupOptions, sink: BackupSink,
        progress: BackupProgress?
    ) throws -> [TableEntry] {
        var copying = options
        copying.jobs = workers.count
        // No COMMIT after: the snapshot transactions only read, and closing the connections
        // ends them. A COMMIT would wait out the stall check on a server frozen just after
        // the last row, for a backup that is already whole.
        return try BackupRunner.copyData(plans, options: copying, sink: sink, progress: progress) { index in
            workers[index]
        }
    }

    /// A whole-schema backup by an account that holds SELECT on some tables only would
    /// leave the others out without a word (information_schema does not list them to it).
    /// Refused unless the tables are named with --table; a grant through a role whose
    /// privileges SHOW GRANTS does not list cannot be judged, and goes ahead as before.
    static func requireSchemaRead(_ leader: MySQLConnection, database: String) throws {
        let grants = MySQLGrants.own(leader)
        guard !grants.isEmpty, MySQLGrants.readsWholeSchema(grants, database: database) == .notHeld else { return }
        let user = leader.config.user ?? "<user>"
        throw DBError(
            .permissionDenied,
            "the account holds SELECT on some tables of \(database), not on the schema: the tables it holds no privilege on are invisible to it and would be missing from the backup without a word; GRANT SELECT, SHOW VIEW, TRIGGER, EVENT ON \(leader.dialect.quote(database)).* TO '\(user)'@'<host>', or name the tables to back up with --table"
        )
    }
}
