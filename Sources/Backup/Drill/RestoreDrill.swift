import DBCore
import Foundation

/// `dbops backup drill`: proves a backup restores. The backup is restored into a fresh
/// temporary database on a scratch server, every table is read back the way a backup
/// reads it (rows and content checksums, RowChecksum) and compared with the manifest, and
/// the temporary database is dropped — whatever happened.
public enum RestoreDrill {
    /// Temporary databases are named this and 8 random hex digits; one left behind by a
    /// killed drill is recognisable by it, and dropped by the next drill (DrillDatabase).
    public static let databasePrefix = "dbops_drill_"

    /// The named lock a running drill holds on its scratch database's name, in the
    /// server's own database (PostgreSQL's advisory locks belong to one database).
    public static func lockName(of database: String) -> String { "dbops:drill:\(database)" }

    /// Drills one backup (a folder, or "-" for the stream form). Errors that stop it
    /// before the comparison are thrown; the temporary database is dropped either way.
    /// `contentKey`: an encrypted backup's key when the caller has it (the backup just
    /// made), so no private key is needed.
    public static func run(
        _ input: String, scratch: ConnectionConfig, jobs: Int, contentKey: ContentKey? = nil,
        progress: BackupProgress? = nil
    ) throws -> DrillReport {
        let clock = Stopwatch()
        return try BackupInput.open(input) { directory in
            var manifest = try BackupVerifier.loadManifest(directory)
            if manifest.contentKey == nil { manifest.contentKey = contentKey }
            try check(manifest, input, scratch: scratch)
            let database = try DrillDatabase(on: scratch, encoding: manifest.encoding, locale: manifest.locale)
            var target = scratch
            target.database = database.name
            let outcome = Result {
                try restoreAndRead(manifest, directory: directory, into: target, jobs: jobs, progress)
            }
            let dropped = database.drop()
            var report = try outcome.get()
            report.backup = input
            report.scratchDatabase = database.name
            report.warnings = database.warnings + report.warnings + (dropped.map { [$0] } ?? [])
            report.seconds = clock.seconds
            return report
        }
    }

    /// What makes a backup undrillable, said before anything is created.
    static func check(_ manifest: BackupManifest, _ input: String, scratch: ConnectionConfig) throws {
        try BackupVerifier.requireContents(manifest, input)
        guard !manifest.isGlobals else {
            throw DBError(
                .invalidTarget, "\(input) holds a server's globals, not a database: drill its databases' backups")
        }
        guard manifest.engine == scratch.engine else {
            throw DBError(
                .invalidTarget,
                "\(input) is a backup of a \(manifest.engine.displayName) database; the scratch server is \(scratch.engine.displayName)"
            )
        }
        guard !manifest.options.dataOnly else {
            throw DBError(
                .invalidTarget, "\(input) is a data-only backup (it restores into existing tables): drill a full one")
        }
    }

    static func restoreAndRead(
        _ manifest: BackupManifest, directory: String, into target: ConnectionConfig, jobs: Int,
        _ progress: BackupProgress?
    ) throws -> DrillReport {
        let restoreClock = Stopwatch()
        progress?.update { $0.phase = "restoring" }
        // Owners and grants name roles, and tablespaces and data directories places, the
        // scratch server need not have (nor should a scratch copy fill them); the rows are
        // what is proven.
        var options = RestoreOptions(input: directory, jobs: jobs, noOwner: true, noPrivileges: true)
        options.noTablespaces = true
        options.contentKey = manifest.contentKey
        options.scratch = true
        let restored = try RestoreRunner.run(target, options: options, progress: progress)
        let restoreSeconds = restoreClock.seconds
        try Interruption.shared.check()

        let checkClock = Stopwatch()
        progress?.update { $0.phase = "checking" }
        var reading = BackupOptions(output: "", jobs: jobs)
        reading.copyFormat = manifest.tables.first?.format ?? .text
        let found = try BackupRunner.tally(target, options: reading, progress: nil)
        let tables = compare(manifest.tables, found.tables)
        let failed = tables.filter { !$0.ok }.map(\.name)
        // Their contents have no checksum in the manifest (pg_dump carries them): counted.
        let largeObjects = try manifest.largeObjects.map { _ in
            let connection = try Database.connect(target)
            defer { connection.close() }
            return try connection.named(.backupLargeObjects).first?.int64("large_objects") ?? 0
        }
        return DrillReport(
            backup: directory, engine: manifest.engine, database: manifest.database,
            server: manifest.source.map(BackupOrigin.server), scratchDatabase: nil,
            ok: failed.isEmpty && largeObjects == manifest.largeObjects, error: nil, tables: tables,
            failedTables: failed, largeObjectsExpected: manifest.largeObjects, largeObjectsFound: largeObjects,
            restoreSeconds: restoreSeconds, checkSeconds: checkClock.seconds, seconds: 0, finishedAt: Date(),
            warnings: restored.warnings)
    }

    /// Each table of the manifest against the same table read back from the restore.
    static func compare(_ expected: [TableEntry], _ found: [TableEntry]) -> [DrillTable] {
        let byName = Dictionary(found.map { ($0.qualifiedName, $0) }, uniquingKeysWith: { first, _ in first })
        return expected.map { table in
            var result = DrillTable(
                name: table.qualifiedName, rowsExpected: table.rows, rowsFound: nil,
                checksumExpected: table.contentChecksum, checksumFound: nil, ok: false, problem: nil)
            guard let restored = byName[table.qualifiedName] else {
                result.problem = "not found after the restore"
                return result
            }
            result.rowsFound = restored.rows
            result.checksumFound = restored.contentChecksum
            if restored.rows != table.rows {
                result.problem = "\(restored.rows) rows restored, the manifest says \(table.rows)"
            } else if table.contentChecksum == nil {
                // Backups made before dbops kept checksums: rows are all there is to compare.
                result.ok = true
                result.problem = "no content checksum in the manifest: rows compared only"
            } else if restored.contentChecksum != table.contentChecksum {
                result.problem =
                    "content checksum \(restored.contentChecksum ?? "none") after the restore, the manifest says \(table.contentChecksum ?? "")"
            } else {
                result.ok = true
            }
            return result
        }
    }

    /// The newest complete backup of each database in a tree of backups (a server's
    /// globals left out): what a fleet's drill proves. One dated more than an hour ahead of
    /// the clock (as prune ranks it) counts only when its database has no other, and one of
    /// chosen tables (--table, --schema-only, ...) only when it has no whole one. A backup
    /// whose manifest is damaged (no longer matching manifest.sha256, or unreadable) is
    /// ranked apart, as prune does, and listed too: its drill fails, naming the damage,
    /// where passing it over would prove an older backup and exit 0 with the newest lost.
    public static func newest(in tree: String) throws -> [String] {
        let now = Date()
        var newest: [String: (dated: Bool, whole: Bool, at: Date, path: String)] = [:]
        var damaged: [String] = []
        for path in try BackupPrune.candidates(tree) {
            let manifestPath = (path as NSString).appendingPathComponent(BackupManifest.fileName)
            guard FileManager.default.fileExists(atPath: manifestPath) else { continue }  // never completed
            let manifest: BackupManifest
            do {
                manifest = try BackupVerifier.decodeManifest(try BackupVerifier.checkedManifestData(path))
            } catch {
                damaged.append(path)
                continue
            }
            guard !manifest.isGlobals else { continue }
            let group = BackupPrune.group(of: manifest)
            let candidate = (
                dated: !BackupPrune.isAheadOfClock(manifest.completedAt, now: now),
                whole: manifest.holdsWholeDatabase, at: manifest.completedAt, path: path
            )
            if let known = newest[group],
                (known.dated ? 1 : 0, known.whole ? 1 : 0, known.at, known.path)
                    >= (candidate.dated ? 1 : 0, candidate.whole ? 1 : 0, candidate.at, candidate.path)
            {
                continue
            }
            newest[group] = candidate
        }
        return (newest.values.map(\.path) + damaged).sorted()
    }

    static func execute(_ query: QueryName, _ name: String, on connection: DatabaseConnection) throws {
        let rendered = try SQLTemplate.named(query, server: connection.server).render(
            dialect: connection.dialect, identifiers: ["database": name])
        try connection.executeScript(rendered.sql)
    }
}
