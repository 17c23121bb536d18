import DBCore
import Foundation

/// A PostgreSQL database dumped: an exported snapshot every worker joins, tables locked
/// ACCESS SHARE, pg_dump writing the schema beside the row copy, sequences and the
/// materialized views to refresh recorded.
enum PostgresDump: DumpEngine {
    /// The tables to copy, read and locked ACCESS SHARE under the lock timeout (see
    /// PostgresSnapshotLeader.underLockTimeout); the partitioned tables chosen go to `partitioned`.
    static func lockedPlans(
        _ leader: PostgresSnapshotLeader, filter: TableFilter, options: BackupOptions,
        partitioned: inout [PartitionedTable]
    ) throws -> [TablePlan] {
        let found = try leader.underLockTimeout(options.lockTimeout) {
            let found = try PostgresCatalog.tables(
                leader.connection, filter: filter, chunkBytes: options.chunkBytes, jobs: options.jobs,
                format: options.copyFormat)
            try leader.lock(found.plans)
            return found
        }
        partitioned = found.partitioned
        return found.plans
    }

    static func dump(
        _ config: ConnectionConfig, options: BackupOptions, sink: BackupSink,
        progress: BackupProgress?
    ) throws -> BackupManifest {
        let filter = TableFilter(options)
        let leader = try PostgresSnapshotLeader(config: config)
        defer { leader.finish() }
        let (options, budgetWarnings) = try BackupRunner.budgeted(options, besides: 1, on: leader.connection)
        let (objectWarnings, largeObjects) = try largeObjects(leader.connection, options: options)
        let server = leader.connection.server
        let snapshot = leader.snapshot
        let startSchema = { (plans: [TablePlan], partitioned: [PartitionedTable]) in
            schemaDump(
                config, snapshot: snapshot, server: server,
                tableArguments: pgDumpTableArguments(plans: plans, partitioned: partitioned, options: options),
                largeObjects: largeObjects != nil, options: options, sink: sink)
        }
        // The schema of a whole database needs nothing the catalog reads below find: it
        // starts now, on the snapshot, and runs beside them as well as beside the copy.
        var schemaTask = options.include.isEmpty ? startSchema([], []) : nil
        var partitioned: [PartitionedTable] = []
        let copied = Result { () throws -> ([TableEntry], PostgresLeaderReads) in
            let plans = try lockedPlans(leader, filter: filter, options: options, partitioned: &partitioned)
            progress?.update {
                $0.tablesTotal = plans.count; $0.estimatedBytes = plans.reduce(0) { $0 + $1.estimatedBytes };
                $0.phase = "copying"
            }
            if !options.include.isEmpty {
                schemaTask = startSchema(plans, partitioned)
            }
            // What only the manifest needs is read on the leader (idle, holding the locks)
            // while the workers copy.
            let reads = BackgroundTask {
                try PostgresLeaderReads(leader.connection, plans: plans, options: options, filter: filter)
            }
            let tables = Result {
                try options.schemaOnly
                    ? []
                    : copyData(plans, config: config, leader: leader, options: options, sink: sink, progress: progress)
            }
            let read = try reads.wait()
            return (
                options.schemaOnly ? read.plans.map { BackupRunner.emptyEntry($0) } : read.indexed(try tables.get()),
                read
            )
        }
        let schemaFile = Result { try schemaTask?.wait() }
        let (tables, read) = try copied.get()
        let schemaFiles = try schemaFile.get().map { [$0] } ?? []
        var manifest = BackupManifest(
            toolVersion: BackupRunner.toolVersion, createdAt: Date(), completedAt: Date(), engine: .postgres,
            server: server, database: "",
            snapshot: SnapshotPoint(method: "exported snapshot", postgresSnapshot: leader.snapshot, walLSN: leader.lsn),
            options: BackupRunner.recorded(options), schemaFiles: schemaFiles, tables: tables,
            sequences: read.sequences, populatedViews: read.populatedViews, partitionedTables: partitioned,
            warnings: budgetWarnings + objectWarnings,
            features: largeObjects.map { _ in [BackupManifest.largeObjectsFeature] }, largeObjects: largeObjects)
        try describeDatabase(&manifest, leader.connection)
        return manifest
    }

    /// The database's encoding, locale and default tablespace, with which restore --create
    /// and a drill make theirs.
    private static func describeDatabase(_ manifest: inout BackupManifest, _ connection: PostgresConnection) throws {
        manifest.encoding = connection.serverEncoding
        manifest.tablespace = try connection.named(.backupDatabaseTablespace).rows.first?["name"]
        guard let row = try connection.named(.backupDatabaseLocale).rows.first, let collate = row["collate"],
            let ctype = row["ctype"]
        else { return }
        manifest.locale = DatabaseLocale(
            provider: row["provider"] ?? "c", collate: collate, ctype: ctype, locale: row["locale"],
            icuRules: row["icu_rules"])
    }

    /// pg_dump of the schema on the snapshot, in the background (none for --data-only).
    private static func schemaDump(
        _ config: ConnectionConfig, snapshot: String, server: ServerInfo, tableArguments: [String], largeObjects: Bool,
        options: BackupOptions, sink: BackupSink
    ) -> BackgroundTask<FileEntry>? {
        guard !options.dataOnly else { return nil }
        return BackgroundTask {
            try PostgresSchemaBackup.dump(
                config: config, snapshot: snapshot, serverMajor: server.versionNumber / 10000,
                tableArguments: tableArguments, largeObjects: largeObjects, lockTimeout: options.lockTimeout,
                sink: sink,
                level: options.zstdLevel)
        }
    }

    private static func copyData(
        _ plans: [TablePlan], config: ConnectionConfig, leader: PostgresSnapshotLeader, options: BackupOptions,
        sink: BackupSink, progress: BackupProgress?
    ) throws -> [TableEntry] {
        try BackupRunner.copyData(plans, options: options, sink: sink, progress: progress) { _ in
            let worker = try PostgresConnection(config: config)
            try worker.executeScript(.backupSession)
            try PostgresSnapshotLeader.join(worker, snapshot: leader.snapshot)
            // The leader's locks keep DDL out, but a schema change that queues for
            // an exclusive lock behind them makes every later ACCESS SHARE request
            // wait behind it: a worker's COPY would wait on the ALTER, the ALTER on
            // the leader, the leader on the worker, unseen by the server's deadlock
            // check. Bounded here, the backup fails instead of hanging (pg_dump -j's
            // workers lock NOWAIT for the same reason).
            try worker.execute(.backupLockTimeout, [.text(String(Int(options.lockTimeout * 1000)))])
            return worker
        }
    }

    /// Which objects pg_dump writes: everything, or only the chosen tables (and, for a
    /// chosen partitioned table, its partitions and itself, at every level, those with no
    /// partition holding rows too).
    private static func pgDumpTableArguments(
        plans: [TablePlan], partitioned: [PartitionedTable], options: BackupOptions
    ) -> [String] {
        if !options.include.isEmpty {
            var patterns = plans.map { PostgresTools.exactPattern(schema: $0.schema, name: $0.name) }
            let above = plans.flatMap { $0.partitionAncestors ?? [] } + partitioned.map(\.relation)
            for ancestor in Set(above).sorted(by: { $0.qualifiedName < $1.qualifiedName }) {
                patterns.append(PostgresTools.exactPattern(schema: ancestor.schema, name: ancestor.name))
            }
            return patterns.map { "--table=\($0)" }
        }
        return options.exclude.map { "--exclude-table=\($0)" }
    }

    /// Large objects are outside every table: pg_dump carries them (contents, owners,
    /// grants, comments) in the schema archive, on the backup's snapshot, as its own
    /// whole-database dumps do. --no-large-objects goes without (noted in the manifest); a
    /// backup of chosen tables or of the schema alone leaves them out, as pg_dump -t and -s
    /// do; a data-only backup has no archive to carry them in and is refused. Returns the
    /// warnings and how many the archive carries (nil: none).
    static func largeObjects(_ connection: PostgresConnection, options: BackupOptions) throws -> ([String], Int64?) {
        guard options.include.isEmpty, !options.schemaOnly else { return ([], nil) }
        let count = try connection.named(.backupLargeObjects).first?.int64("large_objects") ?? 0
        guard count > 0 else { return ([], nil) }
        if options.noLargeObjects {
            return (
                [
                    "\(count) large object(s) left out (--no-large-objects): oid columns that refer to them point at nothing after a restore"
                ], nil
            )
        }
        guard !options.dataOnly else {
            throw DBError(
                .clientError,
                "the database holds \(count) large object(s) (pg_largeobject), which travel with the schema and so not in a --data-only backup: back up without --data-only, or add --no-large-objects to go without them"
            )
        }
        return ([], count)
    }
}
