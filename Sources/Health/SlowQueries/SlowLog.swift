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

    /// The most of one statement's text kept. Its head names and fingerprints it; a bulk
    /// INSERT of a gigabyte need not be held whole (it took 4.6 GB of memory), nor can input
    /// without line ends (a wrong path: /dev/zero, a binary file) grow memory without end:
    /// a line past this is cut here and the rest of it skipped.
    static let maxStatementBytes = 16 << 20

    static func read(path: String, _ body: (SlowLogEntry) throws -> Void) throws {
        guard FileManager.default.fileExists(atPath: path) else {
            throw DBError(.io, "slow log \(path) does not exist")
        }
        let reader = try ChunkedFileReader(path: path, regularOnly: false)
        var entry: SlowLogEntry?
        var database: String?
        var inHeader = false

        func finish() throws {
            if var done = entry, case let text = done.text.trimmingASCII(), !text.isEmpty {
                done.text = text
                if done.database == nil { done.database = database }
                try body(done)
            }
            entry = nil
        }

        func handle(_ line: String) throws {
            if line.hasPrefix("# Time:") {
                try finish()
                entry = SlowLogEntry(time: String(line.dropFirst(7)).trimmingASCII([0x20, 0x09]))
                inHeader = true
            } else if line.hasPrefix("# User@Host:") {
                if entry.map({ !$0.text.isEmpty }) ?? true { try finish(); entry = SlowLogEntry() }
                entry?.user = line.dropFirst(12).split(separator: "[").first.map {
                    String($0).trimmingASCII([0x20, 0x09])
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
                    case "Query_time": entry?.queryTime = seconds(value)
                    case "Lock_time": entry?.lockTime = seconds(value)
                    case "Rows_sent": entry?.rowsSent = max(0, Int64(value) ?? 0)
                    case "Rows_examined": entry?.rowsExamined = max(0, Int64(value) ?? 0)
                    case "Schema": entry?.database = value.isEmpty ? nil : value
                    default: break
                    }
                }
            } else if entry != nil {
                let trimmed = line.trimmingASCII([0x20, 0x09])
                let head = trimmed.prefix(14).lowercased()  // not the whole statement: it can be megabytes
                if inHeader && head.hasPrefix("set timestamp=") { return }
                if inHeader && head.hasPrefix("use ") && trimmed.hasSuffix(";") {
                    database = String(trimmed.dropFirst(4).dropLast()).trimmingCharacters(
                        in: CharacterSet(charactersIn: "` "))
                    entry?.database = database
                    return
                }
                inHeader = false
                let separator = entry?.text.isEmpty == false ? "\n" : ""
                let room = maxStatementBytes - (entry?.text.utf8.count ?? 0) - separator.utf8.count
                guard room > 0 else { return }
                entry?.text +=
                    separator
                    + (line.utf8.count <= room ? line : String(decoding: line.utf8.prefix(room), as: UTF8.self))
            }
            // Lines outside entries (server start banners) are skipped.
        }

        var lines = CappedLineSplitter(limit: maxStatementBytes)
        try reader.forEachChunk { chunk in
            // A log without end (a pipe, a wrong path) stops on Ctrl-C or SIGTERM.
            try Interruption.shared.check()
            try lines.feed(chunk, handle)
        }
        try lines.finish(handle)
        try finish()
    }

    /// A time the log gives, in seconds; one no server writes (inf, nan, negative, or beyond
    /// a year, which adds up to infinity and cannot be put in JSON) counts as 0.
    static func seconds(_ value: String) -> Double {
        guard let seconds = Double(value), seconds.isFinite, seconds >= 0, seconds <= 366 * 86_400 else { return 0 }
        return seconds
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
