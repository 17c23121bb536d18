import Backup
import DBCore
import Foundation

/// Reads rows back out of archive files: each file is loaded into temporary tables and
/// the chosen roots move on from there into the live tables, as from archive tables.
struct ArchiveFileRestore {
    let files: ArchiveFiles
    let connection: DatabaseConnection

    /// Brings back `keys` (nil: every root of every file). Returns the rows moved.
    func restore(
        _ keys: [[String]]?, batchSize: Int, pacer: BatchPacer, totals: inout BatchPacer.Totals,
        related: inout [String: Int64], alreadyBack: inout Int
    ) throws {
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
                // Numbered, so that two long names cut to the identifier limit stay apart.
                let temp = d.fitted("dbops_restore_\(index)_" + node.facts.table)
                try dropTemporary(temp)
                try connection.executeScript(
                    try SQLTemplate.named(.archiveCreateRestoreTable, server: connection.server)
                        .render(
                            dialect: d,
                            fragments: [
                                "temp": .init(d.quote(temp)),
                                "table": .init(d.qualified(node.facts.resolvedSchema, node.facts.table)),
                            ]
                        ).sql)
                if let entry = manifest.tables.first(where: { $0.name == node.archiveName }) {
                    try BackupRows.append(
                        entry, from: directory, key: manifest.contentKey, into: temp, connection: connection)
                }
                plan.nodes[index].archiveName = temp
                plan.nodes[index].archiveSchema = connection.capabilities.temporarySchema(node.facts.resolvedSchema)
            }
            let mover = ArchiveMover(plan: plan, connection: connection)
            // A re-run after an interrupted restore: roots an earlier run brought back are
            // skipped when they are exactly as in the file, and never overwritten otherwise.
            let live = try mover.alreadyLive(chosen)
            if let first = live.different.first {
                throw DBError(
                    .clientError,
                    "\(plan.nodes[0].facts.table) row \(first.joined(separator: ",")) from \(name) is already in the live table and differs from the archived copy (\(live.different.count) such root(s)); nothing was changed for them — compare and remove one copy by hand"
                )
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
                for (table, rows) in moved.rows where table != plan.nodes[0].facts.table {
                    related[table, default: 0] += rows
                }
                return BatchPacer.Batch(rows: Int64(moved.roots), more: next < chosen.count)
            }
            for key in chosen { wanted?.remove(key) }
            for node in plan.nodes { try dropTemporary(node.archiveName) }
        }
        if let wanted, !wanted.isEmpty {
            throw DBError(
                .clientError,
                "not in any archive file of \(files.directory): \(wanted.map { $0.joined(separator: ",") }.sorted().prefix(10).joined(separator: "; "))"
            )
        }
    }

    private func dropTemporary(_ name: String) throws {
        let d = connection.dialect
        try connection.executeScript(connection.capabilities.dropTemporaryTableSQL(d.quote(name)))
    }
}
