import DBCore
import Foundation

/// `dbops backup`: one consistent snapshot, tables copied in parallel chunks, every file
/// compressed with zstd and checksummed, the manifest written last.
public enum BackupRunner {
    public static let toolVersion = "0.1.0"

    public static func run(_ config: ConnectionConfig, options: BackupOptions, progress: BackupProgress? = nil) throws -> BackupSummary {
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
            var manifest = config.engine == .postgres
                ? try backupPostgres(config, options: options, sink: sink, progress: progress)
                : try backupMySQL(config, options: options, sink: sink, progress: progress)
            manifest.createdAt = startedAt
            manifest.completedAt = Date()
            manifest.database = database
            manifest.source = config.redacted
            try Interruption.shared.check()
            try sink.finish(manifest: try BackupManifest.encoder().encode(manifest))
            progress?.update { $0.phase = "done" }
            var summary = BackupSummary(output: options.output, database: database, engine: config.engine,
                                 tables: manifest.tables.count, files: manifest.allFiles.count, rows: manifest.totalRows,
                                 uncompressedBytes: manifest.totalUncompressedBytes, compressedBytes: manifest.totalCompressedBytes,
                                 seconds: clock.seconds, snapshot: manifest.snapshot, warnings: manifest.warnings)
            summary.phases = progress?.phases ?? []
            return summary
        } catch {
            sink.abort()
            throw error
        }
    }

    private static func recorded(_ options: BackupOptions) -> RecordedOptions {
        RecordedOptions(schemaOnly: options.schemaOnly, dataOnly: options.dataOnly, include: options.include,
                        exclude: options.exclude, zstdLevel: options.zstdLevel)
    }

    // MARK: - PostgreSQL

    private static func backupPostgres(_ config: ConnectionConfig, options: BackupOptions, sink: BackupSink,
                                       progress: BackupProgress?) throws -> BackupManifest {
        let filter = TableFilter(include: options.include, exclude: options.exclude)
        let leader = try PostgresSnapshotLeader(config: config)
        defer { leader.finish() }
        try leader.connection.executeScript("SET statement_timeout = 0; SET idle_in_transaction_session_timeout = 0")
        var plans = try PostgresCatalog.tables(leader.connection, filter: filter, chunkBytes: options.chunkBytes, jobs: options.jobs,
                                               format: options.copyFormat)
        try PostgresCatalog.attachIndexes(&plans, leader.connection)
        try leader.lock(plans, timeout: options.lockTimeout)
        let sequences = options.schemaOnly ? [] : try PostgresCatalog.sequences(leader.connection, filter: filter,
                                                                               filtered: !options.include.isEmpty)
        let server = leader.connection.server
        let populatedViews = options.schemaOnly || options.dataOnly ? [] : try leader.connection.named("backup/populated_matviews").rows.compactMap { $0["name"] }
        progress?.update { $0.tablesTotal = plans.count; $0.estimatedBytes = plans.reduce(0) { $0 + $1.estimatedBytes }; $0.phase = "copying" }

        // The schema dump runs beside the data copy, on the same snapshot.
        var schemaTask: BackgroundTask<FileEntry>?
        if !options.dataOnly {
            let arguments = pgDumpTableArguments(plans: plans, options: options, filter: filter)
            let snapshot = leader.snapshot
            schemaTask = BackgroundTask {
                try PostgresSchemaBackup.dump(config: config, snapshot: snapshot, serverMajor: server.versionNumber / 10000,
                                              tableArguments: arguments, sink: sink, level: options.zstdLevel)
            }
        }

        var dataResult: Result<[TableEntry], Error> = .success([])
        if !options.schemaOnly {
            dataResult = Result {
                try copyData(plans, options: options, sink: sink, progress: progress) { _ in
                    let worker = try PostgresConnection(config: config)
                    try worker.executeScript("SET statement_timeout = 0; SET idle_in_transaction_session_timeout = 0")
                    try PostgresSnapshotLeader.join(worker, snapshot: leader.snapshot)
                    return worker
                }
            }
        }
        let schemaFile = Result { try schemaTask?.wait() }
        let tables = try dataResult.get()
        let schemaFiles = try schemaFile.get().map { [$0] } ?? []
        return BackupManifest(toolVersion: toolVersion, createdAt: Date(), completedAt: Date(), engine: .postgres,
                              server: server, database: "",
                              snapshot: SnapshotPoint(method: "exported snapshot", postgresSnapshot: leader.snapshot, walLSN: leader.lsn),
                              options: recorded(options), schemaFiles: schemaFiles,
                              tables: options.schemaOnly ? plans.map { emptyEntry($0) } : tables,
                              sequences: sequences, populatedViews: populatedViews, warnings: [])
    }

    /// Which objects pg_dump writes: everything, or only the chosen tables (and, for a
    /// chosen partitioned table, its partitions and itself).
    private static func pgDumpTableArguments(plans: [TablePlan], options: BackupOptions, filter: TableFilter) -> [String] {
        if !options.include.isEmpty {
            var patterns = plans.map { PostgresTools.exactPattern(schema: $0.schema, name: $0.name) }
            for parent in Set(plans.compactMap(\.partitionOf)) {
                let parts = parent.split(separator: ".", maxSplits: 1).map { String($0).trimmingCharacters(in: CharacterSet(charactersIn: "\"")) }
                patterns.append(parts.count == 2 ? PostgresTools.exactPattern(schema: parts[0], name: parts[1])
                                                 : PostgresTools.exactPattern(schema: "public", name: parts[0]))
            }
            return patterns.map { "--table=\($0)" }
        }
        return options.exclude.map { "--exclude-table=\($0)" }
    }

    private static func emptyEntry(_ plan: TablePlan) -> TableEntry {
        TableEntry(schema: plan.schema, name: plan.name, columns: plan.columns, rows: 0, uncompressedBytes: 0,
                   chunks: [], partitionOf: plan.partitionOf, format: plan.format, indexes: plan.indexes)
    }

    // MARK: - MySQL / MariaDB

    private static func backupMySQL(_ config: ConnectionConfig, options: BackupOptions, sink: BackupSink,
                                    progress: BackupProgress?) throws -> BackupManifest {
        let filter = TableFilter(include: options.include, exclude: options.exclude)
        let leader = try MySQLConnection(config: config)
        defer { leader.close() }
        let (plans, catalogWarnings) = try MySQLCatalog.tables(leader, filter: filter, chunkBytes: options.chunkBytes, jobs: options.jobs)
        var warnings = catalogWarnings
        progress?.update { $0.tablesTotal = plans.count; $0.estimatedBytes = plans.reduce(0) { $0 + $1.estimatedBytes }; $0.phase = "copying" }

        var workers: [DatabaseConnection] = []
        defer { workers.forEach { $0.close() } }
        var snapshot = SnapshotPoint(method: "none (schema only)")
        if !options.schemaOnly {
            let wanted = max(1, min(options.jobs, plans.reduce(0) { $0 + $1.chunks.count }))
            for _ in 0..<wanted {
                let worker = try MySQLConnection(config: config)
                // Raw bytes (binary character set), no statement limit, patient network timeouts.
                try worker.executeScript("SET NAMES binary; SET SESSION net_write_timeout = 3600, net_read_timeout = 3600")
                try worker.executeScript(worker.server.flavor == .mariadb ? "SET SESSION max_statement_time = 0" : "SET SESSION max_execution_time = 0")
                workers.append(worker)
            }
            let (point, snapshotWarnings) = try MySQLSnapshot.open(leader: leader, workers: &workers, lockTimeout: options.lockTimeout)
            snapshot = point
            warnings += snapshotWarnings
        }

        var schemaFiles: [FileEntry] = []
        if !options.dataOnly {
            let (schema, schemaWarnings) = try MySQLSchemaCapture.capture(leader, tables: plans, includeAllObjects: options.include.isEmpty)
            warnings += schemaWarnings
            let writer = try CompressedFileWriter(sink: sink, path: MySQLSchema.file, level: options.zstdLevel, threads: 0)
            try writer.write(try JSONEncoder().encode(schema))
            schemaFiles.append(try writer.close(rows: nil))
        }

        var tables = plans.map { emptyEntry($0) }
        if !options.schemaOnly {
            let pool = workers
            tables = try copyData(plans, options: options, sink: sink, progress: progress) { index in pool[index] }
            workers.forEach { try? $0.commit() }
        }
        return BackupManifest(toolVersion: toolVersion, createdAt: Date(), completedAt: Date(), engine: .mysql,
                              server: leader.server, database: "", snapshot: snapshot, options: recorded(options),
                              schemaFiles: schemaFiles, tables: tables, sequences: [], warnings: warnings)
    }

    // MARK: - Data

    /// Copies every chunk of every table with `options.jobs` workers, biggest chunks first.
    private static func copyData(_ plans: [TablePlan], options: BackupOptions, sink: BackupSink, progress: BackupProgress?,
                                 connect: @escaping (Int) throws -> DatabaseConnection) throws -> [TableEntry] {
        struct Task { let table: TablePlan; let chunk: Int; let predicate: ChunkPredicate; let weight: Int64 }
        let tasks = plans.flatMap { plan in
            plan.chunks.enumerated().map { Task(table: plan, chunk: $0.offset, predicate: $0.element,
                                                weight: plan.estimatedBytes / Int64(plan.chunks.count)) }
        }.sorted { $0.weight > $1.weight }
        let results = ChunkResults(plans: plans)
        let cancellers = CancellerList()
        try ParallelWork.run(tasks: tasks, workers: options.jobs, makeContext: { index -> DatabaseConnection in
            let connection = try connect(index)
            cancellers.add(connection.makeCanceller())
            return connection
        }, closeContext: { _ in }, onFailure: { cancellers.cancelAll() }) { connection, task in
            try Interruption.shared.check()
            let writer = try CompressedFileWriter(sink: sink, path: FileNaming.dataFile(table: task.table, chunk: task.chunk),
                                                  level: options.zstdLevel, threads: options.zstdThreads)
            do {
                let rows = try TableExport.export(connection, task.table, task.predicate, into: writer, progress: progress)
                let entry = try writer.close(rows: rows)
                if results.add(entry, table: task.table.index, chunk: task.chunk) {
                    progress?.update { $0.tablesDone += 1 }
                }
            } catch {
                writer.abandon()
                throw DBError.wrap(error, context: "table \(task.table.schema.isEmpty ? "" : task.table.schema + ".")\(task.table.name)")
            }
        }
        return results.entries()
    }
}
