import Foundation

/// Matches the indexes and key constraints recorded per table in the manifest with the
/// entries of the schema archive's table of contents (`pg_restore --list`). A table whose
/// entries all match gets them built early by dbops; those entries are commented out of
/// the list pg_restore later uses for the rest of post-data, so nothing is built twice.
/// A table with any entry that cannot be matched is left entirely to pg_restore, as is one
/// from a backup made before dbops recorded what pg_dump writes with an index (`extras`),
/// which only pg_restore's own entry would bring back.
enum EarlyIndexes {
    struct Plan {
        var early: [String: [IndexEntry]]
        var remainingListing: String
    }

    static func plan(_ tables: [TableEntry], listing: String) -> Plan {
        var lines = listing.components(separatedBy: "\n")
        // "3308; 1259 16562 INDEX public idx_usage_status postgres" -> "INDEX public idx_usage_status postgres"
        // Each entry under its own text and under its text without the last word (the
        // owner): a key matches an entry equal to it, or one that is the key, a space and
        // one more word. Looked up, not searched: a backup of thousands of tables has tens
        // of thousands of entries.
        var entries: [String: [Int]] = [:]
        for (i, line) in lines.enumerated() where !line.hasPrefix(";") {
            let parts = line.split(separator: " ", maxSplits: 3, omittingEmptySubsequences: false)
            guard parts.count == 4, parts[0].hasSuffix(";") else { continue }
            let entry = String(parts[3])
            entries[entry, default: []].append(i)
            if let space = entry.lastIndex(of: " ") { entries[String(entry[..<space]), default: []].append(i) }
        }
        var early: [String: [IndexEntry]] = [:]
        for table in tables {
            guard let indexes = table.indexes, !indexes.isEmpty, indexes.allSatisfy({ $0.extras != nil }) else {
                continue
            }
            var matched: [Int] = []
            for index in indexes {
                let key =
                    index.constraint.map { "CONSTRAINT \(table.schema) \(table.name) \($0)" }
                    ?? "INDEX \(table.schema) \(index.name)"
                let found = entries[key] ?? []
                guard found.count == 1, let line = found.first else { matched = []; break }
                matched.append(line)
            }
            guard matched.count == indexes.count else { continue }
            early[table.qualifiedName] = indexes
            for line in matched { lines[line] = ";" + lines[line] }
        }
        return Plan(early: early, remainingListing: lines.joined(separator: "\n"))
    }
}
