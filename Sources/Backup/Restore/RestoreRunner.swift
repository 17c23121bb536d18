import DBCore
import Foundation

/// `dbops restore`: checks the whole backup first (manifest, every file's size and
/// SHA-256), refuses a non-empty target unless --clean, and leaves a marker table until
/// the last step succeeded.
public enum RestoreRunner {
    public static func run(_ config: ConnectionConfig, options: RestoreOptions, progress: BackupProgress? = nil) throws
        -> RestoreSummary
    {
        guard let database = config.database, !database.isEmpty else {
            throw DBError(.invalidTarget, "the target URL must name the database to restore into")
        }
        let clock = Stopwatch()
        return try BackupInput.open(options.input) { directory in
            progress?.update { $0.phase = "checking" }
            let manifest = try checked(directory, options: options, target: config)
            let tableMode = !options.tables.isEmpty || manifest.options.dataOnly
            let selection =
                options.tables.isEmpty
                ? RestoreSelection(all: manifest) : try RestoreSelection(manifest, patterns: options.tables)
            let tables = selection.tables
            let created =
                options.create
                ? try TargetDatabase.createIfMissing(
                    database, encoding: manifest.encoding, locale: manifest.locale,
                    tablespace: options.noTablespaces ? nil : manifest.tablespace, config: config) : false
            var options = options
            options.madeTarget = created
            let engine = config.engine.restore
            // Two restores into one target raced to make the marker, and the loser failed on
            // a catalog key; the job's lock, held by a session of its own to the end, makes
            // the second skip at once (exit 75). The server drops it if dbops dies.
            let lockSession = try connect(config)
            defer { lockSession.close() }
            if !options.scratch { try WritableServer.require(lockSession, for: "restore") }
            let lock = try JobLock(job: "restore", connection: lockSession)
            let budget = try ConnectionBudget.workers(
                options.jobs, besides: engine.sessionsBesideWorkers, on: lockSession, job: "restore")
            options.jobs = budget.workers
            let warnings =
                try withExtendedLifetime(lock) {
                    try namingLockWaits(options) {
                        tableMode
                            ? try engine.runTables(
                                selection, manifest: manifest, directory: directory, config: config,
                                options: options, progress: progress)
                            : try engine.run(
                                manifest, directory: directory, config: config, options: options, progress: progress)
                    }
                } + (budget.warning.map { [$0] } ?? [])
            progress?.update { $0.phase = "done" }
            var summary = RestoreSummary(
                backup: options.input, database: database, engine: config.engine, tables: tables.count,
                rows: tables.reduce(0) { $0 + $1.rows },
                uncompressedBytes: tables.reduce(0) { $0 + $1.uncompressedBytes },
                seconds: clock.seconds, warnings: warnings)
            summary.phases = progress?.phases ?? []
            summary.created = created
            return summary
        }
    }

    /// The backup checked whole, everything that can be without the server, before the
    /// first statement on the target: its manifest, and every file's size and SHA-256, and
    /// its content decompressed, its size and row count against the manifest.
    static func checked(_ directory: String, options: RestoreOptions, target config: ConnectionConfig) throws
        -> BackupManifest
    {
        var manifest = try BackupVerifier.loadManifest(directory)
        if manifest.contentKey == nil { manifest.contentKey = options.contentKey }
        guard !manifest.isGlobals else {
            throw DBError(
                .invalidTarget,
                "\(options.input) holds a server's globals (roles, database definitions): restore its server's folder with --all-databases"
            )
        }
        guard manifest.engine == config.engine else {
            throw DBError(
                .invalidTarget,
                "this backup is of a \(manifest.engine.displayName) database; the target is \(config.engine.displayName)"
            )
        }
        if options.tables.isEmpty { try RestoreMarker.refusePartialSource(manifest, input: options.input) }
        try BackupVerifier.requireContents(manifest, options.input)
        try BackupVerifier.checkFiles(manifest, directory: directory, decompress: true, jobs: options.jobs)
        try Interruption.shared.check()
        return manifest
    }

    /// The target's first session; a database the server lacks says how to get one.
    static func connect(_ config: ConnectionConfig) throws -> DatabaseConnection {
        do { return try Database.connect(config) } catch let error as DBError where error.code == .databaseNotFound {
            throw DBError(error.code, "\(error.message); create it, or add --create")
        }
    }

    /// A lock wait given up on (--lock-timeout) says what it most likely was.
    static func namingLockWaits<T>(_ options: RestoreOptions, _ body: () throws -> T) throws -> T {
        do { return try body() } catch let error as DBError where error.code == .lockNotAvailable {
            throw DBError(
                .lockNotAvailable,
                "another session holds a lock the restore needs (an application's open transaction on the target?), not released within --lock-timeout \(Format.duration(options.lockTimeout)): \(error.message)"
            )
        }
    }
}
