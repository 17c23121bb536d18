import DBCore
import Foundation

/// Reads slow query logs (MariaDB and MySQL formats) line by line and groups statements by
/// fingerprint, keeping every duration so the 95th percentile is exact.
enum SlowLog {
    struct Group {
        var fingerprint: String
        var database: String?
        var times: [Double] = []
        var rowsSent: Int64 = 0
        var rowsExamined: Int64 = 0
        var slowest: (Double, String) = (-1, "")
    }

    static func read(path: String, _ body: (SlowLogEntry) throws -> Void) throws {
        guard FileManager.default.fileExists(atPath: path) else {
            throw DBError(.io, "slow log \(path) does not exist")
        }
        let reader = try ChunkedFileReader(path: path)
        var pending = Data()
        var entry: SlowLogEntry?
        var database: String?
        var inHeader = false

        func finish() throws {
            if var done = entry, !done.text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                done.text = done.text.trimmingCharacters(in: .whitespacesAndNewlines)
                if done.database == nil { done.database = database }
                try body(done)
            }
            entry = nil
        }

        func handle(_ line: String) throws {
            if line.hasPrefix("# Time:") {
                try finish()
                entry = SlowLogEntry(time: String(line.dropFirst(7)).trimmingCharacters(in: .whitespaces))
                inHeader = true
            } else if line.hasPrefix("# User@Host:") {
                if entry.map({ !$0.text.isEmpty }) ?? true { try finish(); entry = SlowLogEntry() }
                entry?.user = line.dropFirst(12).split(separator: "[").first.map {
                    $0.trimmingCharacters(in: .whitespaces)
                }
                inHeader = true
            } else if line.hasPrefix("# ") {
                // A header line after a statement's text begins the next entry (entries
                // logged in the same second carry no "# Time:" line of their own).
                if entry == nil || entry?.text.isEmpty == false {
                    let user = entry?.user
                    try finish()
                    entry = SlowLogEntry(user: user)
                }
                inHeader = true
                for (key, value) in pairs(line.dropFirst(2)) {
                    switch key {
                    case "Query_time": entry?.queryTime = Double(value) ?? 0
                    case "Lock_time": entry?.lockTime = Double(value) ?? 0
                    case "Rows_sent": entry?.rowsSent = Int64(value) ?? 0
                    case "Rows_examined": entry?.rowsExamined = Int64(value) ?? 0
                    case "Schema": entry?.database = value.isEmpty ? nil : value
                    default: break
                    }
                }
            } else if entry != nil {
                let trimmed = line.trimmingCharacters(in: .whitespaces)
                let lower = trimmed.lowercased()
                if inHeader && lower.hasPrefix("set timestamp=") { return }
                if inHeader && lower.hasPrefix("use ") && lower.hasSuffix(";") {
                    database = String(trimmed.dropFirst(4).dropLast()).trimmingCharacters(
                        in: CharacterSet(charactersIn: "` "))
                    entry?.database = database
                    return
                }
                inHeader = false
                let separator = entry?.text.isEmpty == false ? "\n" : ""
                entry?.text += separator + line
            }
            // Lines outside entries (server start banners) are skipped.
        }

        try reader.forEachChunk { chunk in
            pending.append(contentsOf: chunk)
            while let newline = pending.firstIndex(of: 10) {
                let line = String(decoding: pending[pending.startIndex..<newline], as: UTF8.self)
                pending.removeSubrange(pending.startIndex...newline)
                try handle(line)
            }
        }
        if !pending.isEmpty { try handle(String(decoding: pending, as: UTF8.self)) }
        try finish()
    }

    /// "Query_time: 1.2  Lock_time: 0.0 Rows_sent: 3" -> [(Query_time, 1.2), ...]
    static func pairs(_ text: Substring) -> [(String, String)] {
        let tokens = text.split(separator: " ", omittingEmptySubsequences: true)
        var out: [(String, String)] = []
        var i = 0
        while i < tokens.count {
            if tokens[i].hasSuffix(":") {
                let key = String(tokens[i].dropLast())
                let value = i + 1 < tokens.count && !tokens[i + 1].hasSuffix(":") ? String(tokens[i + 1]) : ""
                out.append((key, value))
                i += value.isEmpty ? 1 : 2
            } else {
                i += 1
            }
        }
        return out
    }

    /// Groups a log by fingerprint.
    static func groups(path: String) throws -> [Group] {
        var groups: [String: Group] = [:]
        try read(path: path) { entry in
            let fingerprint = QueryFingerprint.of(entry.text)
            var group = groups[fingerprint] ?? Group(fingerprint: fingerprint, database: entry.database)
            group.times.append(entry.queryTime)
            group.rowsSent += entry.rowsSent
            group.rowsExamined += entry.rowsExamined
            if entry.queryTime > group.slowest.0 { group.slowest = (entry.queryTime, entry.text) }
            groups[fingerprint] = group
        }
        return Array(groups.values)
    }

    /// The p-th percentile by linear interpolation between closest ranks (the definition of
    /// PostgreSQL's percentile_cont): exact, from every value.
    static func percentile(_ sorted: [Double], _ p: Double) -> Double {
        guard !sorted.isEmpty else { return 0 }
        let position = p * Double(sorted.count - 1)
        let lower = Int(position.rounded(.down)), upper = Int(position.rounded(.up))
        return sorted[lower] + (sorted[upper] - sorted[lower]) * (position - Double(lower))
    }
}
