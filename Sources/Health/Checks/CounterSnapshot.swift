import DBCore
import Foundation

/// What `health --snapshot FILE` keeps between runs: per server (a key the check picks, such
/// as a Galera node's gcomm UUID, which a restart changes) the cumulative counters read and
/// when, so a check can report what happened since the previous run rather than since the
/// server started. One file serves a whole fleet: each reading is swapped under a lock on
/// the file's folder and the file is replaced atomically, so parallel members (and
/// overlapping cron runs) never lose each other's readings.
public struct CounterSnapshot: Codable, Sendable {
    public static let schemaVersion = "dbops.health-snapshot/v1"
    /// Readings not refreshed for this long are dropped: their servers are gone.
    static let keepSeconds: TimeInterval = 90 * 86400

    public struct Reading: Codable, Sendable {
        public var takenAt: Date
        public var counters: [String: Double]
    }

    public var schema = CounterSnapshot.schemaVersion
    public var readings: [String: Reading] = [:]

    /// Stores `counters` under `key` in `path` and returns the reading they replace (nil
    /// the first time, or when the file is missing or empty). A file there that is not such
    /// a snapshot is refused and left as it is (StateFile).
    public static func exchange(_ key: String, counters: [String: Double], at now: Date = Date(), path: String)
        throws -> Reading?
    {
        try FolderLock.holding(ParentFolder.of(path)) {
            try swap(key, counters: counters, at: now, path: path)
        }
    }

    static func swap(_ key: String, counters: [String: Double], at now: Date, path: String) throws -> Reading? {
        var snapshot = try read(path) ?? CounterSnapshot()
        let previous = snapshot.readings[key]
        snapshot.readings = snapshot.readings.filter { now.timeIntervalSince($0.value.takenAt) < keepSeconds }
        snapshot.readings[key] = Reading(takenAt: now, counters: counters)
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .secondsSince1970  // to the microsecond
        encoder.outputFormatting = [.sortedKeys]
        try DurableFiles.writeAtomically(try encoder.encode(snapshot), to: path)
        return previous
    }

    static func read(_ path: String) throws -> CounterSnapshot? {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .secondsSince1970
        return try StateFile.read(
            path, as: CounterSnapshot.self, kind: "health snapshot", decoder: decoder,
            isOwn: { $0.schema == schemaVersion })
    }
}
