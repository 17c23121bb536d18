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
            rule: plan.rule.name, table: root.facts.table, keyColumns: root.facts.rowKey, roots: roots)
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
