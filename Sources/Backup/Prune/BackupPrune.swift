import DBCore
import Foundation

/// `dbops backup prune DIR`: retention over the backups inside DIR, or anywhere below it
/// (a fleet's tree, `{target}/{database}-{timestamp}`, up to four folders deep). Only
/// folders that are dbops backups (a manifest, or the in-progress marker) are ever touched,
/// and nothing below a backup is looked into. Backups are
/// kept per database — the same engine, server and database name (a server's globals are
/// one more) — so one folder may hold several databases' backups: a complete backup goes
/// when no rule keeps it: not among the newest --keep of its database, not the newest of
/// a day, week or month the schedule keeps, not younger than --older-than. The newest
/// complete backup of every database always stays unless that database is named with
/// --remove-database; backups of chosen tables (--table, --exclude-table, --schema-only,
/// --data-only) are ranked apart from the whole ones, per selection. Order is by
/// completion time to the fraction of a second, then by folder name, so ties never pick at
/// random. A backup whose manifest does not match its
/// checksum (or cannot be read) is damaged: kept, named, and not counted.
public enum BackupPrune {
    public static func run(_ options: PruneOptions) throws -> PruneReport {
        guard
            options.keep != nil || options.olderThan != nil || !options.schedule.isEmpty
                || !options.removeDatabases.isEmpty
        else {
            throw DBError(
                .invalidTarget,
                "say what to keep: --keep N, --keep-daily/--keep-weekly/--keep-monthly N and/or --older-than AGE")
        }
        if let keep = options.keep, keep < 1 { throw DBError(.invalidTarget, "--keep must be at least 1") }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: options.directory, isDirectory: &isDirectory),
            isDirectory.boolValue
        else {
            throw DBError(.invalidTarget, "\(options.directory) is not a directory")
        }
        let now = Date()
        var complete: [PruneReport.Entry] = [], incomplete: [PruneReport.Entry] = []
        var kept: [PruneReport.Entry] = [], removed: [PruneReport.Entry] = [], warnings: [String] = []
        for path in try candidates(options.directory, depth: 4) {
            let modified = {
                (try? FileManager.default.attributesOfItem(atPath: path)[.modificationDate] as? Date) ?? now
            }
            if FileManager.default.fileExists(
                atPath: (path as NSString).appendingPathComponent(BackupManifest.fileName))
            {
                let manifest: BackupManifest
                do {
                    manifest = try BackupVerifier.decodeManifest(try BackupVerifier.checkedManifestData(path))
                } catch {
                    // A backup that finished and was damaged since: not a leftover to clear
                    // away (its files may be all there), nor the newest backup of anything,
                    // which would let the whole backups before it go.
                    var entry = PruneReport.Entry(
                        path: path, createdAt: modified(), complete: false, bytes: size(of: path))
                    entry.damaged = true
                    kept.append(entry)
                    warnings.append(
                        "\(path) is damaged (\(DBError.oneLineDescription(of: error))): kept, and not counted as a backup of its database; `dbops verify` it, and remove it by hand once it is of no use"
                    )
                    continue
                }
                var entry = PruneReport.Entry(
                    path: path, createdAt: manifest.createdAt, complete: true, bytes: size(of: path))
                entry.database = manifest.source ?? "\(manifest.engine.rawValue):///\(manifest.database)"
                entry.name = manifest.database
                entry.completedAt = manifest.completedAt
                // A backup of a database a restore had not finished is partial, and one of
                // chosen tables (or of the schema alone) holds part of it: each ranked apart,
                // so a week of them cannot push out the whole backups before them.
                let selection = manifest.options.selection
                entry.group =
                    group(of: manifest) + (selection.isEmpty ? "" : "|" + selection)
                    + (manifest.holdsRestoreMarker ? "|partial" : "")
                complete.append(entry)
            } else if FileManager.default.fileExists(
                atPath: (path as NSString).appendingPathComponent(BackupManifest.markerFileName))
            {
                incomplete.append(.init(path: path, createdAt: modified(), complete: false, bytes: size(of: path)))
            }
        }
        // With only --remove-database given, every other backup stays.
        let onlyRemoving = options.keep == nil && options.olderThan == nil && options.schedule.isEmpty
        for (_, backups) in Dictionary(grouping: complete, by: { $0.group ?? "" }).sorted(by: { $0.key < $1.key }) {
            // A backup dated ahead of this clock (made on a host whose clock ran fast, or a
            // manifest edited) would hold the newest's place for good, and under --keep 1
            // every later backup would go at the next prune: it stays, ranked apart, named.
            let (ahead, dated) = Self.aheadOfClock(backups, now: now)
            kept += ahead
            warnings += ahead.map {
                "\($0.path) says it was completed at \(Self.stamp($0.completedAt ?? $0.createdAt)), after this machine's clock (\(Self.stamp(now))): kept, and not counted as the newest backup of its database"
            }
            if let partial = backups.first, partial.group?.hasSuffix("|partial") == true {
                warnings.append(
                    "\(backups.count) backup(s) of \(partial.database ?? "?") were taken while it held \(RestoreMarker.table) (a restore into it had failed or been killed), so their data is partial: ranked apart from its whole backups, which they do not push out"
                )
            }
            let newestFirst = dated.sorted {
                ($0.completedAt ?? $0.createdAt, $0.path) > ($1.completedAt ?? $1.createdAt, $1.path)
            }
            let scheduled = options.schedule.kept(newestFirst: newestFirst.map { $0.completedAt ?? $0.createdAt })
            for (rank, entry) in newestFirst.enumerated() {
                if options.removeDatabases.contains(where: { Glob.matches($0, entry.name ?? "") }) {
                    removed.append(entry)
                    continue
                }
                let keptByCount = options.keep.map { rank < $0 } ?? false
                let young =
                    options.olderThan.map { now.timeIntervalSince(entry.completedAt ?? entry.createdAt) <= $0 } ?? false
                if rank == 0 || onlyRemoving || keptByCount || young || scheduled.contains(rank) {
                    kept.append(entry)
                } else {
                    removed.append(entry)
                }
            }
        }
        for entry in incomplete {
            if now.timeIntervalSince(entry.createdAt) > options.incompleteOlderThan {
                removed.append(entry)
            } else {
                kept.append(entry)
            }
        }
        // A backup still being written is never a leftover, however long it has run, and
        // one a restore, verify or drill is reading stays until it is done: a later prune
        // takes it. Each is removed holding it, so none of them can start on it meanwhile.
        var gone: [PruneReport.Entry] = []
        for var entry in removed {
            if try remove(entry.path, dryRun: options.dryRun) {
                gone.append(entry)
            } else {
                entry.inUse = true
                kept.append(entry)
            }
        }
        return PruneReport(dryRun: options.dryRun, kept: kept, removed: gone, warnings: warnings)
    }

    /// Whether a backup says it was completed more than an hour after `now`: clocks of
    /// hosts sharing a backup folder differ by seconds, not hours. Prune ranks such a backup
    /// apart, and a tree's drill proves another.
    static func isAheadOfClock(_ completed: Date, now: Date) -> Bool { completed > now.addingTimeInterval(3600) }

    /// Backups dated ahead of the clock, and the rest.
    static func aheadOfClock(_ backups: [PruneReport.Entry], now: Date) -> (
        ahead: [PruneReport.Entry], dated: [PruneReport.Entry]
    ) {
        let ahead = { (entry: PruneReport.Entry) in isAheadOfClock(entry.completedAt ?? entry.createdAt, now: now) }
        return (backups.filter(ahead), backups.filter { !ahead($0) })
    }

    private static func stamp(_ date: Date) -> String {
        ISO8601DateFormatter.string(
            from: date, timeZone: TimeZone(identifier: "UTC")!, formatOptions: [.withInternetDateTime])
    }

    /// Removes a backup's folder while holding it; false when another run holds it.
    /// Its manifest goes first, durably: a prune killed while deleting gigabytes of files
    /// leaves a leftover that reads as incomplete (its `.dbops-backup` marker stays, so a
    /// later prune removes it), never a backup that looks complete with files missing, which
    /// a restore or drill would take for the newest and a prune would keep in place of a
    /// whole one. `removeRest` deletes the folder (a test cuts it short).
    public static func remove(
        _ path: String, dryRun: Bool,
        removeRest: (String) throws -> Void = { try FileManager.default.removeItem(atPath: $0) }
    ) throws -> Bool {
        guard let hold = try FolderClaim(path) else { return false }
        defer { hold.release() }
        guard !dryRun else { return true }
        do {
            let manifest = (path as NSString).appendingPathComponent(BackupManifest.fileName)
            if unlink(manifest) != 0 && errno != ENOENT {
                throw DBError(.io, "\(BackupManifest.fileName): \(String(cString: strerror(errno)).lowercased())")
            }
            try DurableFiles.syncDirectory(path)
            try removeRest(path)
        } catch {
            throw DBError(.io, "cannot remove \(path): \(DBError.oneLineDescription(of: error))")
        }
        return true
    }

    /// Every folder below `directory` that is a backup or the leftover of one, and the
    /// folders that may hold more (not below a backup; not through symbolic links).
    public static func candidates(_ directory: String, depth: Int = 4) throws -> [String] {
        let names: [String]
        do { names = try FileManager.default.contentsOfDirectory(atPath: directory) } catch {
            var isFolder: ObjCBool = false
            let exists = FileManager.default.fileExists(atPath: directory, isDirectory: &isFolder)
            throw DBError(
                .io,
                exists && !isFolder.boolValue
                    ? "\(directory) is not a folder"
                    : !exists
                        ? "\(directory) does not exist"
                        : "cannot list \(directory): \(FileErrorText.of(error))")
        }
        var out: [String] = []
        for name in names.sorted() {
            let path = (directory as NSString).appendingPathComponent(name)
            guard let type = try? FileManager.default.attributesOfItem(atPath: path)[.type] as? FileAttributeType,
                type == .typeDirectory
            else { continue }
            let isBackup = [BackupManifest.fileName, BackupManifest.markerFileName].contains {
                FileManager.default.fileExists(atPath: (path as NSString).appendingPathComponent($0))
            }
            if isBackup {
                out.append(path)
            } else if depth > 1 {
                out += (try? candidates(path, depth: depth - 1)) ?? []
            }
        }
        return out
    }

    /// What backups are kept per: the engine, the server and the database.
    static func group(of manifest: BackupManifest) -> String { BackupOrigin(manifest).key }

    static func size(of directory: String) -> Int64 {
        var total: Int64 = 0
        if let walker = FileManager.default.enumerator(atPath: directory) {
            for case let name as String in walker {
                let attributes = try? FileManager.default.attributesOfItem(
                    atPath: (directory as NSString).appendingPathComponent(name))
                total += (attributes?[.size] as? NSNumber)?.int64Value ?? 0
            }
        }
        return total
    }
}
