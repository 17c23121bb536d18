import DBCore
import Zstd
import Foundation

/// `dbops backup`: one consistent snapshot, tables copied in parallel chunks, every file
/// compressed with zstd and checksummed, the manifest written last.
public enum BackupRunner {
    public static let toolVersion = "0.1.0"

    public static func run(_ config: ConnectionConfig, options: BackupOptions, progress: BackupProgress? = nil) throws
        -> BackupSummary
    {
        guard !(options.schemaOnly && options.dataOnly) else {
            throw DBError(.invalidTarget, "--schema-only and --data-only exclude each other")
        }
        guard let database = config.database, !database.isEmpty else {
            throw DBError(.invalidTarget, "the target URL must name the database to back up")
        }
        let clock = Stopwatch()
        let startedAt = Date()
        let sink: BackupSink = options.output == "-" ? try StreamSink() : try DirectorySink(root: options.output)
        do {
            let encryption = try BackupEncryption.start(sink, to: options.encryptTo)
            var manifest = try config.engine.dump.dump(config, options: options, sink: sink, progress: progress)
            manifest.encryption = encryption
            manifest.settleFormat()
            manifest.createdAt = startedAt
            manifest.completedAt = Date()
            manifest.database = database
            manifest.source = config.redacted
            if manifest.holdsRestoreMarker {
                // Backed up as it is (it may be all the rows there are), but said: a restore
                // of this backup is refused, as the database itself would be.
                manifest.warnings.append(
                    "\(database) holds \(RestoreMarker.table): a dbops restore into it failed or was killed, so its data is partial, and a restore of this backup is refused"
                )
            } else if !(options.include.isEmpty && options.exclude.isEmpty && options.exactTables == nil),
                (try? Self.sourceHoldsRestoreMarker(config)) == true
            {
                // Chosen tables leave the marker out, and with it the only sign that their
                // rows are a half-done restore's.
                manifest.warnings.append(
                    "\(database) holds \(RestoreMarker.table): a dbops restore into it failed or was killed, so the rows of the tables backed up may be partial"
                )
            }
            try Interruption.shared.check()
            let encoded = try BackupManifest.encoder().encode(manifest)
            try sink.finish(
                manifest: encoded, signature: try options.signWith.map { try ManifestSignature.sign(encoded, with: $0) }
            )
            progress?.update { $0.phase = "done" }
            var summary = BackupSummary(
                output: options.output, database: database, engine: config.engine,
                tables: manifest.tables.count, files: manifest.allFiles.count, rows: manifest.totalRows,
                uncompressedBytes: manifest.totalUncompressedBytes, compressedBytes: manifest.totalCompressedBytes,
                seconds: clock.seconds, snapshot: manifest.snapshot, warnings: manifest.warnings)
            summary.phases = progress?.phases ?? []
            summary.encryptedTo = encryption?.keyIDs
            summary.contentKey = sink.contentKey
            return summary
        } catch {
            sink.abort()
            throw error
        }
    }

    /// The options with --jobs cut to what the server's connections allow (ConnectionBudget),
    /// read on the dump's first session; the warning saying so, if it was cut. `besides`: the
    /// sessions the dump opens besides its workers (PostgreSQL: pg_dump's for the schema).
    static func budgeted(_ options: BackupOptions, besides: Int, on leader: DatabaseConnection) throws -> (
        BackupOptions, [String]
    ) {
        let grant = try ConnectionBudget.workers(options.jobs, besides: besides, on: leader, job: "backup")
        var budgeted = options
        budgeted.jobs = grant.workers
        return (budgeted, grant.warning.map { [$0] } ?? [])
    }

    /// Reads the database's tables as a backup would and writes nothing: the manifest a
    /// data-only backup would have, with each table's rows and content checksum.
    static func tally(_ config: ConnectionConfig, options: BackupOptions, progress: BackupProgress?) throws
        -> BackupManifest
    {
        var options = options
        options.dataOnly = true
        options.schemaOnly = false
        // The tables are what is tallied; large objects are counted apart (RestoreDrill).
        options.noLargeObjects = true
        return try config.engine.dump.dump(config, options: options, sink: NullSink(), progress: progress)
    }

    static func recorded(_ options: BackupOptions) -> RecordedOptions {
        RecordedOptions(
            schemaOnly: options.schemaOnly, dataOnly: options.dataOnly, include: options.include,
            exclude: options.exclude, zstdLevel: options.zstdLevel)
    }

    static func emptyEntry(_ plan: TablePlan) -> TableEntry {
        var entry = TableEntry(
            schema: plan.schema, name: plan.name, columns: plan.columns, rows: 0, uncompressedBytes: 0,
            chunks: [], partitionOf: plan.partitionOf, format: plan.format, indexes: plan.indexes)
        entry.history = plan.history ? true : nil
        entry.partitionAncestors = plan.partitionAncestors
        return entry
    }

    // MARK: - Data

    /// Copies every chunk of every table with `options.jobs` workers, biggest chunks first.
    static func copyData(
        _ plans: [TablePlan], options: BackupOptions, sink: BackupSink, progress: BackupProgress?,
        connect: @escaping (Int) throws -> DatabaseConnection
    ) throws -> [TableEntry] {
        struct Task { let table: TablePlan; let chunk: Int; let predicate: ChunkPredicate; let weight: Int64 }
        let tasks = plans.flatMap { plan in
            plan.chunks.enumerated().map {
                Task(
                    table: plan, chunk: $0.offset, predicate: $0.element,
                    weight: plan.estimatedBytes / Int64(plan.chunks.count))
            }
        }.sorted { $0.weight > $1.weight }
        let results = ChunkResults(plans: plans)
        let cancellers = CancellerList()
        let bundles = BundleList()
        // Each worker keeps its connection, one compressor for all its files and its bundle
        // of small tables.
        do {
            try ParallelWork.run(
                tasks: tasks, workers: options.jobs,
                makeContext: { index -> (DatabaseConnection, ZstdCompressor, BundleWriter) in
                    let connection = try connect(index)
                    cancellers.add(connection.makeCanceller())
                    return (
                        connection, try ZstdCompressor(level: options.zstdLevel, workers: options.zstdThreads),
                        bundles.add(BundleWriter(sink: sink, worker: index))
                    )
                }, closeContext: { _ in }, onFailure: { cancellers.cancelAll() }
            ) { context, task in
                try Interruption.shared.check()
                let bundle = BundleWriter.wants(task.table, sink: sink, limit: options.bundleBytes) ? context.2 : nil
                let writer = try CompressedFileWriter(
                    sink: sink, path: FileNaming.dataFile(table: task.table, chunk: task.chunk),
                    level: options.zstdLevel, threads: options.zstdThreads, reusing: context.1, bundle: bundle)
                do {
                    let (rows, checksum) = try TableExport.export(
                        context.0, task.table, task.predicate, into: writer, progress: progress)
                    let entry = try writer.close(rows: rows, checksum: checksum)
                    try bundle?.memberDone()
                    if results.add(entry, table: task.table.index, chunk: task.chunk) {
                        progress?.update { $0.tablesDone += 1 }
                    }
                } catch {
                    // A failed table fails the backup, which removes what it wrote: a
                    // bundle's partial member never outlives it.
                    writer.abandon()
                    throw tableFailure(error, task.table, lockTimeout: options.lockTimeout)
                }
            }
            try bundles.closeAll()
        } catch {
            bundles.abandonAll()
            throw error
        }
        return results.entries()
    }

    /// A table's copy failed: the error named after the table, and a lock wait that ran
    /// out explained.
    static func tableFailure(_ error: Error, _ plan: TablePlan, lockTimeout: Double) -> Error {
        let table = "table \(plan.schema.isEmpty ? "" : plan.schema + ".")\(plan.name)"
        if let db = error as? DBError, db.message.contains("row-level security policy") {
            // The session runs with row_security off (as pg_dump): a policy would hide rows.
            return DBError(
                db.code,
                "\(table): its row-level security policies would hide rows from this role, and a backup of the rows it may see would be incomplete: back up as the table's owner or a role with BYPASSRLS (ALTER ROLE ... BYPASSRLS) (\(db.message))"
            )
        }
        if let db = error as? DBError, db.code == .definitionChanged || db.code == .undefinedObject {
            // The catalog was read at the snapshot; a table rebuilt, truncated, renamed or
            // dropped since cannot be read as of it (MySQL's snapshot covers rows, not
            // schema changes), and a backup without it would not be the database's.
            return DBError(
                db.code,
                "\(table) was changed by a schema change (ALTER, TRUNCATE, RENAME or DROP) while the backup ran, so its rows as of the backup's snapshot cannot be read; nothing was kept — run the backup again once the change is done, or with --block-ddl to make such changes wait for it (\(db.message))"
            )
        }
        guard let error = error as? DBError, error.code == .lockNotAvailable else {
            return DBError.wrap(error, context: table)
        }
        return DBError(
            .lockNotAvailable,
            "\(table): its lock was not granted within the lock timeout (\(String(format: "%g", lockTimeout))s): another session holds it (LOCK TABLES ... WRITE, a schema change) or waits for an exclusive lock on it (a schema change queued behind the backup's own lock); the backup stops rather than wait behind it (\(error.message))"
        )
    }

    /// Whether the database being backed up holds a restore's marker in any schema (a
    /// question only: a backup that is whole does not fail on it).
    static func sourceHoldsRestoreMarker(_ config: ConnectionConfig) throws -> Bool {
        let connection = try Database.connect(config)
        defer { connection.close() }
        return try !connection.named(.restoreMarkers).rows.isEmpty
    }
}
