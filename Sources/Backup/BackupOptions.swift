import DBCore
import Foundation

public struct BackupOptions: Sendable {
    /// A directory to create, or "-" for the single-stream form on standard output.
    public var output: String
    public var jobs: Int
    public var zstdLevel: Int
    /// zstd worker threads per file (0: compress on the table's own thread).
    public var zstdThreads: Int
    /// Tables bigger than this (uncompressed estimate) are split into chunks.
    public var chunkBytes: Int64
    /// Glob patterns on "schema.table" or "table".
    public var include: [String]
    public var exclude: [String]
    public var schemaOnly: Bool
    public var dataOnly: Bool
    /// Longest a lock may be waited for when the snapshot is set up, in seconds.
    public var lockTimeout: Double
    /// PostgreSQL rows: binary COPY (less CPU on both sides, smaller) or text COPY (the
    /// most portable across major versions). MySQL data is always text.
    public var copyFormat: DataFormat = .binary

    public init(output: String, jobs: Int = 2, zstdLevel: Int = 2, zstdThreads: Int = 0,
                chunkBytes: Int64 = 256 << 20, include: [String] = [], exclude: [String] = [],
                schemaOnly: Bool = false, dataOnly: Bool = false, lockTimeout: Double = 10) {
        self.output = output
        self.jobs = jobs
        self.zstdLevel = zstdLevel
        self.zstdThreads = zstdThreads
        self.chunkBytes = chunkBytes
        self.include = include
        self.exclude = exclude
        self.schemaOnly = schemaOnly
        self.dataOnly = dataOnly
        self.lockTimeout = lockTimeout
    }
}

/// What `dbops backup` did: returned to the CLI, which prints it.
public struct BackupSummary: Codable, Sendable {
    public static let schemaVersion = "dbops.backup-summary/v1"
    public var schema = BackupSummary.schemaVersion
    public var output: String
    public var database: String
    public var engine: Engine
    public var tables: Int
    public var files: Int
    public var rows: Int64
    public var uncompressedBytes: Int64
    public var compressedBytes: Int64
    public var seconds: Double
    public var snapshot: SnapshotPoint
    public var warnings: [String]
    public var phases: [PhaseDuration] = []

    enum CodingKeys: String, CodingKey {
        case schema, output, database, engine, tables, files, rows, seconds, snapshot, warnings, phases
        case uncompressedBytes = "uncompressed_bytes"
        case compressedBytes = "compressed_bytes"
    }
}

/// Live counters for a progress display; the CLI polls `snapshot()`.
public final class BackupProgress: @unchecked Sendable {
    public struct Snapshot: Sendable {
        public var phase: String
        public var tablesDone: Int
        public var tablesTotal: Int
        public var rows: Int64
        public var bytes: Int64
        public var estimatedBytes: Int64
    }

    private let lock = NSLock()
    private var state = Snapshot(phase: "starting", tablesDone: 0, tablesTotal: 0, rows: 0, bytes: 0, estimatedBytes: 0)
    private var phaseStarted = Stopwatch()
    private var durations: [(String, Double)] = []

    /// Called (on the worker's thread) when a phase begins, with the phase just ended and
    /// its seconds: -v logs each.
    public var onPhase: (@Sendable (_ ended: String, _ seconds: Double, _ now: Snapshot) -> Void)?

    public init() {}

    public func snapshot() -> Snapshot {
        lock.lock(); defer { lock.unlock() }
        return state
    }

    func update(_ body: (inout Snapshot) -> Void) {
        lock.lock()
        let before = state.phase
        body(&state)
        var ended: (String, Double, Snapshot)?
        if state.phase != before {
            ended = (before, phaseStarted.seconds, state)
            durations.append((before, phaseStarted.seconds))
            phaseStarted = Stopwatch()
        }
        lock.unlock()
        if let ended, let onPhase { onPhase(ended.0, ended.1, ended.2) }
    }

    /// Seconds spent in each phase so far, in order.
    public var phases: [PhaseDuration] {
        lock.lock(); defer { lock.unlock() }
        return durations.map { PhaseDuration(phase: $0.0, seconds: ($0.1 * 1000).rounded() / 1000) }
    }
}

public struct PhaseDuration: Codable, Sendable {
    public var phase: String
    public var seconds: Double
}

/// Glob matching for --table / --exclude-table: `*` and `?`, on "schema.table" or "table".
struct TableFilter {
    let include: [String]
    let exclude: [String]

    func accepts(schema: String, name: String) -> Bool {
        let candidates = schema.isEmpty ? [name] : ["\(schema).\(name)", name]
        func matches(_ pattern: String) -> Bool { candidates.contains { TableFilter.glob(pattern, $0) } }
        if !include.isEmpty && !include.contains(where: matches) { return false }
        return !exclude.contains(where: matches)
    }

    static func glob(_ pattern: String, _ text: String) -> Bool {
        let p = Array(pattern), t = Array(text)
        var pi = 0, ti = 0, star = -1, mark = 0
        while ti < t.count {
            if pi < p.count && (p[pi] == "?" || p[pi] == t[ti]) {
                pi += 1; ti += 1
            } else if pi < p.count && p[pi] == "*" {
                star = pi; mark = ti; pi += 1
            } else if star >= 0 {
                pi = star + 1; mark += 1; ti = mark
            } else {
                return false
            }
        }
        while pi < p.count && p[pi] == "*" { pi += 1 }
        return pi == p.count
    }
}
