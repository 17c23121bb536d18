import Backup
import DBCore
import Foundation

/// `--to-file DIR`: archived rows end up in zstd archive files in the backup format (each
/// one a complete dbops backup of the archive tables, verifiable and restorable on its
/// own) instead of staying in the database.
///
/// Each batch still moves rows into the archive tables in one transaction (so a killed
/// run never loses or doubles a row); at the end of the run the archive tables are
/// written out and emptied:
/// 1. `DIR/<name>/` is written by dbops backup and verified in full;
/// 2. `DIR/<name>.pending.json` (written atomically) lists the root keys it holds;
/// 3. those roots and their children are deleted from the archive tables, batch by batch;
/// 4. the sidecar is renamed `DIR/<name>.roots.json`: done.
/// A run that finds a folder without a sidecar removes it (step 1 never finished); one
/// that finds a `.pending.json` finishes steps 3 and 4.
struct ArchiveFiles {
    struct Sidecar: Codable {
        var rule: String
        var table: String
        var keyColumns: [String]
        var roots: [[String]]

        enum CodingKeys: String, CodingKey {
            case rule, table, roots
            case keyColumns = "key_columns"
        }
    }

    let directory: String
    let plan: ArchivePlan
    let mover: ArchiveMover
    let config: ConnectionConfig

    private var fileManager: FileManager { .default }
    private func path(_ name: String) -> String { (directory as NSString).appendingPathComponent(name) }
    private var prefix: String { plan.rule.name.replacingOccurrences(of: "/", with: "_") + "-" }

    func prepareDirectory() throws {
        do { try fileManager.createDirectory(atPath: directory, withIntermediateDirectories: true) } catch {
            throw DBError(.io, "cannot create \(directory): \((error as NSError).localizedDescription)")
        }
    }

    /// Finishes or clears what an interrupted run left. Returns what it did, for notes.
    func recover(batchSize: Int) throws -> [String] {
        var notes: [String] = []
        let entries = (try? fileManager.contentsOfDirectory(atPath: directory)) ?? []
        for name in entries.sorted() where name.hasPrefix(prefix) && !name.hasSuffix(".json") {
            if entries.contains(name + ".roots.json") { continue }
            if entries.contains(name + ".pending.json") {
                let sidecar = try read(path(name + ".pending.json"))
                try purge(sidecar.roots, batchSize: batchSize)
                try finish(name)
                notes.append("finished archive file \(name) left by an interrupted run")
            } else {
                try fileManager.removeItem(atPath: path(name))
                notes.append("removed the incomplete archive file \(name) of an interrupted run (its rows are still in the archive tables)")
            }
        }
        return notes
    }

    /// Writes what the archive tables hold to a new archive file, verifies it, and empties
    /// the archive tables of those rows. Returns the file's name and its roots, or nil when
    /// there was nothing to write.
    func flush(batchSize: Int, zstdLevel: Int) throws -> (name: String, roots: Int)? {
        let connection = mover.connection
        let root = plan.nodes[0]
        let d = connection.dialect
        let roots = try connection.query("SELECT \(root.facts.primaryKey.map(d.quote).joined(separator: ", ")) FROM \(d.qualified(root.facts.resolvedSchema, root.archiveName)) ORDER BY 1")
            .rows.map { $0.values.map { $0 ?? "" } }
        guard !roots.isEmpty else { return nil }
        var expected: [String: Int64] = [:]
        for node in plan.nodes {
            expected[node.archiveName] = Int64(try connection.scalar("SELECT COUNT(*) FROM \(d.qualified(node.facts.resolvedSchema, node.archiveName))") ?? "") ?? -1
        }
        let name = prefix + Self.timestamp()
        var options = BackupOptions(output: path(name), jobs: 1, zstdLevel: zstdLevel)
        // MySQL backs up one database: its tables are named alone.
        options.include = plan.nodes.map { connection.engine == .postgres ? "\($0.facts.resolvedSchema ?? "public").\($0.archiveName)" : $0.archiveName }
        _ = try BackupRunner.run(config, options: options)
        _ = try BackupVerifier.verify(path(name))
        // Nothing leaves the archive tables unless the verified file holds every row of them.
        let manifest = try BackupRows.open(path(name))
        for (table, rows) in expected where manifest.tables.first(where: { $0.name == table })?.rows ?? 0 != rows {
            try? fileManager.removeItem(atPath: path(name))
            throw DBError(.clientError, "the archive file was to hold \(rows) rows of \(table) but holds \(manifest.tables.first { $0.name == table }?.rows ?? 0): removed it; the rows stay in the archive tables")
        }
        let sidecar = Sidecar(rule: plan.rule.name, table: root.facts.table, keyColumns: root.facts.primaryKey, roots: roots)
        try DurableFiles.writeAtomically(try JSONEncoder().encode(sidecar), to: path(name + ".pending.json"))
        try purge(roots, batchSize: batchSize)
        try finish(name)
        return (name, roots.count)
    }

    private func purge(_ roots: [[String]], batchSize: Int) throws {
        for start in stride(from: 0, to: roots.count, by: max(1, batchSize)) {
            try Interruption.shared.check()
            _ = try mover.purgeArchived(Array(roots[start..<min(roots.count, start + batchSize)]))
        }
    }

    private func finish(_ name: String) throws {
        try fileManager.moveItem(atPath: path(name + ".pending.json"), toPath: path(name + ".roots.json"))
        try DurableFiles.syncDirectory(directory)
    }

    private func read(_ file: String) throws -> Sidecar {
        guard let data = fileManager.contents(atPath: file) else { throw DBError(.io, "cannot read \(file)") }
        do { return try JSONDecoder().decode(Sidecar.self, from: data) } catch {
            throw DBError(.corrupt, "\(file) cannot be read: \(DBError.oneLineDescription(of: error))")
        }
    }

    /// Finished archive files of this rule with their roots, oldest first.
    func finished() throws -> [(name: String, sidecar: Sidecar)] {
        let entries = (try? fileManager.contentsOfDirectory(atPath: directory)) ?? []
        return try entries.sorted().filter { $0.hasPrefix(prefix) && $0.hasSuffix(".roots.json") }.map { file in
            (String(file.dropLast(".roots.json".count)), try read(path(file)))
        }
    }

    static func timestamp() -> String {
        let stamp = SQLValue.formatTimestamp(Date())
        return stamp.replacingOccurrences(of: "-", with: "").replacingOccurrences(of: ":", with: "")
            .replacingOccurrences(of: " ", with: "T").replacingOccurrences(of: ".", with: "-") + "Z"
    }
}

/// Reads rows back out of archive files: each file is loaded into temporary tables and
/// the chosen roots move on from there into the live tables, as from archive tables.
struct ArchiveFileRestore {
    let files: ArchiveFiles
    let connection: DatabaseConnection

    /// Brings back `keys` (nil: every root of every file). Returns the rows moved.
    func restore(_ keys: [[String]]?, batchSize: Int, pacer: BatchPacer, totals: inout BatchPacer.Totals,
                 related: inout [String: Int64], alreadyBack: inout Int) throws {
        var wanted = keys.map { Set($0) }
        for (name, sidecar) in try files.finished() {
            var chosen = sidecar.roots.filter { wanted?.contains($0) ?? true }
            guard !chosen.isEmpty else { continue }
            let directory = (files.directory as NSString).appendingPathComponent(name)
            let manifest = try BackupRows.open(directory)
            var plan = files.plan
            let d = connection.dialect
            for index in plan.nodes.indices {
                let node = plan.nodes[index]
                let temp = "dbops_restore_" + node.facts.table
                try dropTemporary(temp)
                try connection.executeScript(try SQLTemplate.named("archive/create_restore_table", server: connection.server)
                    .render(dialect: d, fragments: ["temp": .init(d.quote(temp)),
                                                    "table": .init(d.qualified(node.facts.resolvedSchema, node.facts.table))]).sql)
                if let entry = manifest.tables.first(where: { $0.name == node.archiveName }) {
                    try BackupRows.append(entry, from: directory, into: temp, connection: connection)
                }
                plan.nodes[index].archiveName = temp
                plan.nodes[index].archiveSchema = connection.engine == .postgres ? "pg_temp" : node.facts.resolvedSchema
            }
            let mover = ArchiveMover(plan: plan, connection: connection)
            // A re-run after an interrupted restore: roots an earlier run brought back are
            // skipped when they are exactly as in the file, and never overwritten otherwise.
            let live = try mover.alreadyLive(chosen)
            if let first = live.different.first {
                throw DBError(.clientError, "\(plan.nodes[0].facts.table) row \(first.joined(separator: ",")) from \(name) is already in the live table and differs from the archived copy (\(live.different.count) such root(s)); nothing was changed for them — compare and remove one copy by hand")
            }
            if !live.identical.isEmpty {
                let skip = Set(live.identical)
                chosen.removeAll { skip.contains($0) }
                alreadyBack += live.identical.count
                for key in live.identical { wanted?.remove(key) }
            }
            var next = 0
            try pacer.run(&totals, what: "archive restore \(plan.rule.name) from files") { limit in
                let batch = Array(chosen[next..<min(chosen.count, next + limit)])
                guard !batch.isEmpty else { return BatchPacer.Batch(rows: 0, more: false) }
                let moved = try mover.restoreBatch(batch)
                next += batch.count
                for (table, rows) in moved.rows where table != plan.nodes[0].facts.table { related[table, default: 0] += rows }
                return BatchPacer.Batch(rows: Int64(moved.roots), more: next < chosen.count)
            }
            for key in chosen { wanted?.remove(key) }
            for node in plan.nodes { try dropTemporary(node.archiveName) }
        }
        if let wanted, !wanted.isEmpty {
            throw DBError(.clientError, "not in any archive file of \(files.directory): \(wanted.map { $0.joined(separator: ",") }.sorted().prefix(10).joined(separator: "; "))")
        }
    }

    private func dropTemporary(_ name: String) throws {
        let d = connection.dialect
        try connection.executeScript(connection.engine == .postgres
            ? "DROP TABLE IF EXISTS pg_temp.\(d.quote(name))"
            : "DROP TEMPORARY TABLE IF EXISTS \(d.quote(name))")
    }
}
