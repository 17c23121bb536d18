import Backup
import DBCore
import Foundation

/// Retires partitions past retention: each is set aside into a standalone table, dumped with
/// dbops backup into `directory`, verified in full and checked to hold every row, and only
/// then dropped. A run interrupted at any point leaves either the partition in the table or
/// a marked standalone table the next run finishes; a file without its manifest is an
/// incomplete dump and is removed.
struct PartitionRetirement {
    let directory: String
    let config: ConnectionConfig
    let connection: DatabaseConnection
    let engine: PartitionEngine
    let options: MaintenanceOptions

    private var fileManager: FileManager { .default }

    /// Partitions of `layout` whose whole range lies before now minus the retention.
    static func due(_ layout: PartitionLayout, retention: PartitionRetention, now: CivilTime) -> [PartitionLayout.Part]
    {
        let cutoff = retention.cutoff(from: now).unixSeconds
        return layout.ranged.filter { part in part.to.map { $0.unixSeconds <= cutoff } ?? false }
    }

    func retire(
        _ due: [PartitionLayout.Part], of layout: PartitionLayout, _ rule: PartitionRule,
        into retired: inout [RetiredPartition]
    ) throws {
        do { try fileManager.createDirectory(atPath: directory, withIntermediateDirectories: true) } catch {
            throw DBError(.io, "cannot create \(directory): \(FileErrorText.of(error))")
        }
        // First what an interrupted run left, then the partitions now due.
        for held in try engine.setAsideTables(layout, rule) {
            retired.append(try dumpAndDrop(held.table, partition: held.partition, layout))
        }
        for part in due where !retired.contains(where: { $0.partition == part.name }) {
            try Interruption.shared.check()
            let held = try DDLRetry.run { try engine.setAside(part, of: layout, rule) }
            retired.append(try dumpAndDrop(held, partition: part.name, layout))
        }
    }

    private func dumpAndDrop(_ table: String, partition: String, _ layout: PartitionLayout) throws -> RetiredPartition {
        try Interruption.shared.check()
        let d = connection.dialect
        guard let rows = Int64(try connection.scalar("SELECT COUNT(*) FROM \(d.qualified(layout.schema, table))") ?? "")
        else {
            throw DBError(.clientError, "cannot count the rows of \(table)")
        }
        let prefix = "\(config.database ?? "db").\(table)-"
        let path = (directory as NSString).appendingPathComponent(prefix + ArchiveFiles.timestamp())
        try VerifiedDump.write(
            [VerifiedDump.Table(schema: layout.schema, name: table, rows: rows)], of: config, to: path, zstdLevel: 3,
            keeping: "\(table) is kept")
        try removeOtherDumps(of: table, prefix: prefix, keeping: path)
        try DDLRetry.run { try engine.dropSetAside(table, of: layout) }
        return RetiredPartition(partition: partition, heldIn: table, rows: rows, file: path)
    }

    /// The dumps of `table` an interrupted run of this database left, once `path` holds its
    /// rows verified: one without its manifest (written last) that no writer holds was
    /// cut short and holds nothing anyone can restore; a complete one was made by a run
    /// killed before the drop, which this dump supersedes, so each retired partition's rows
    /// lie in exactly one file. A folder shared by a fleet holds the same names for a
    /// database of the same name on another server: its dumps, complete or being written,
    /// are that server's only copy of its rows, and are left alone.
    private func removeOtherDumps(of table: String, prefix: String, keeping path: String) throws {
        let origin = BackupOrigin(config)
        for name in (try? fileManager.contentsOfDirectory(atPath: directory)) ?? [] where name.hasPrefix(prefix) {
            let other = (directory as NSString).appendingPathComponent(name)
            // Only folders dbops wrote: not a file or link someone put there.
            guard other != path,
                (try? fileManager.attributesOfItem(atPath: other)[.type] as? FileAttributeType) == .typeDirectory
            else { continue }
            if let manifest = try? BackupRows.manifest(other),
                manifest.tables.map(\.name) != [table] || BackupOrigin(manifest) != origin
            {
                continue
            }
            // Manifest first, as prune removes a backup: one killed midway never looks whole.
            _ = try BackupPrune.remove(other, dryRun: false)
        }
    }
}
