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
        /// Absent in files written before owners were recorded: the manifest's engine and
        /// database stand in for it.
        var owner: ArchiveFileOwner?

        enum CodingKeys: String, CodingKey {
            case rule, table, roots, owner
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
    private var owner: ArchiveFileOwner { ArchiveFileOwner(config) }

    /// This rule's file names: the prefix, then the timestamp and nothing else (rule
    /// "orders" must not take rule "orders-eu"'s files for its own).
    private func isOurs(_ name: String) -> Bool {
        guard name.hasPrefix(prefix) else { return false }
        // 20261206T023936-172742Z: what timestamp() writes.
        let stamp = Array(name.dropFirst(prefix.count))
        let digits = { (range: Range<Int>) in range.allSatisfy { stamp[$0].isASCII && stamp[$0].isNumber } }
        guard stamp.count >= 16, digits(0..<8), stamp[8] == "T", digits(9..<15), stamp.last == "Z" else { return false }
        let fraction = stamp[15..<(stamp.count - 1)]
        return fraction.isEmpty || (fraction.first == "-" && fraction.count > 1 && digits(16..<(stamp.count - 1)))
    }

    /// Whether a file belongs to this run's database: by the sidecar's owner, else (older
    /// files) by the manifest's engine and database. `sameServer` for what would purge rows
    /// from this database's archive tables: a same-named database on another server
    /// (a shard sharing the directory) is someone else's.
    private func belongs(_ name: String, sidecar: Sidecar?, sameServer: Bool) -> Bool {
        if let recorded = sidecar?.owner {
            return recorded.sameDatabase(engine: owner.engine, database: owner.database)
                && (!sameServer || recorded.server == owner.server)
        }
        guard let manifest = ArchiveFileOwner.ofManifest(path(name)) else { return false }
        return owner.sameDatabase(engine: manifest.engine, database: manifest.database)
    }

    func prepareDirectory() throws {
        do { try fileManager.createDirectory(atPath: directory, withIntermediateDirectories: true) } catch {
            throw DBError(.io, "cannot create \(directory): \(FileErrorText.of(error))")
        }
    }

    /// Finishes or clears what an interrupted run of this database left; another
    /// database's files, and one still being written, are left alone. Returns what it did,
    /// for notes.
    func recover(batchSize: Int) throws -> [String] {
        var notes: [String] = []
        let entries = (try? fileManager.contentsOfDirectory(atPath: directory)) ?? []
        for name in entries.sorted() where isOurs(name) {
            if entries.contains(name + ".roots.json") { continue }
            if entries.contains(name + ".pending.json") {
                let sidecar = try read(path(name + ".pending.json"))
                guard belongs(name, sidecar: sidecar, sameServer: true) else { continue }
                try purge(sidecar.roots, batchSize: batchSize)
                try finish(name)
                notes.append("finished archive file \(name) left by an interrupted run")
            } else {
                // Being written (its writer holds it), or complete and another database's:
                // not ours to remove. An incomplete one nobody holds is an abandoned write,
                // whoever's: its rows are still in their archive tables.
                if FolderClaim.isHeldExclusively(path(name)) { continue }
                if ArchiveFileOwner.ofManifest(path(name)) != nil, !belongs(name, sidecar: nil, sameServer: true) {
                    continue
                }
                try fileManager.removeItem(atPath: path(name))
                notes.append(
                    "removed the incomplete archive file \(name) of an interrupted run (its rows are still in the archive tables)"
                )
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
        let roots = try connection.query(
            "SELECT \(root.facts.readList(root.facts.rowKey, d)) FROM \(d.qualified(root.facts.resolvedSchema, root.archiveName)) ORDER BY 1"
        )
        .rows.map { $0.values.map { $0 ?? "" } }
        guard !roots.isEmpty else { return nil }
        let tables = try plan.nodes.map { node in
            VerifiedDump.Table(
                schema: node.facts.resolvedSchema, name: node.archiveName,
                rows: Int64(
                    try connection.scalar(
                        "SELECT COUNT(*) FROM \(d.qualified(node.facts.resolvedSchema, node.archiveName))") ?? "") ?? -1
            )
        }
        let name = prefix + Self.timestamp()
        // Nothing leaves the archive tables unless the verified file holds every row of them.
        try VerifiedDump.write(
            tables, of: config, to: path(name), zstdLevel: zstdLevel, keeping: "the rows stay in the archive tables")
        let sidecar = Sidecar(
            rule: plan.rule.name, table: root.facts.table, keyColumns: root.facts.rowKey, roots: roots, owner: owner)
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

    /// Finished archive files of this rule and this database with their roots, oldest
    /// first.
    func finished() throws -> [(name: String, sidecar: Sidecar)] {
        let entries = (try? fileManager.contentsOfDirectory(atPath: directory)) ?? []
        return try entries.sorted().compactMap { file in
            guard file.hasSuffix(".roots.json") else { return nil }
            let name = String(file.dropLast(".roots.json".count))
            guard isOurs(name) else { return nil }
            let sidecar = try read(path(file))
            return belongs(name, sidecar: sidecar, sameServer: false) ? (name, sidecar) : nil
        }
    }

    static func timestamp() -> String {
        let stamp = SQLValue.formatTimestamp(Date())
        return stamp.replacingOccurrences(of: "-", with: "").replacingOccurrences(of: ":", with: "")
            .replacingOccurrences(of: " ", with: "T").replacingOccurrences(of: ".", with: "-") + "Z"
    }
}
