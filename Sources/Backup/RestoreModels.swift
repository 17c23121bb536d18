import DBCore
import Foundation

public struct RestoreOptions: Sendable {
    /// A backup directory, or "-" for the stream form on stdin.
    public var input: String
    public var jobs: Int
    /// Drop what the backup holds before restoring (otherwise the target must be empty).
    public var clean: Bool
    /// Restore only these tables (glob patterns), into an existing database: each one is
    /// emptied and reloaded in a single transaction.
    public var tables: [String]
    /// PostgreSQL: skip ownership (ALTER ... OWNER) and privileges (GRANT/REVOKE).
    public var noOwner: Bool
    public var noPrivileges: Bool
    /// Run ANALYZE when done, so the planner has statistics at once.
    public var analyze: Bool
    /// MySQL/MariaDB: load rows with LOAD DATA LOCAL INFILE (falling back to INSERTs when the
    /// server refuses it). false: INSERTs only, for servers or policies that forbid it.
    public var localInfile = true
    /// --table: reload tables that other tables reference, with foreign keys not enforced
    /// while loading; every referencing row is checked before commit.
    public var disableTriggers = false
    /// PostgreSQL: restore what can be restored when the server refuses some schema
    /// statement (as pg_restore without --exit-on-error); the run still fails, listing them.
    public var keepGoing = false

    public init(input: String, jobs: Int = 2, clean: Bool = false, tables: [String] = [], noOwner: Bool = false,
                noPrivileges: Bool = false, analyze: Bool = false) {
        self.input = input
        self.jobs = jobs
        self.clean = clean
        self.tables = tables
        self.noOwner = noOwner
        self.noPrivileges = noPrivileges
        self.analyze = analyze
    }
}

public struct RestoreSummary: Codable, Sendable {
    public static let schemaVersion = "dbops.restore-summary/v1"
    public var schema = RestoreSummary.schemaVersion
    public var backup: String
    public var database: String
    public var engine: Engine
    public var tables: Int
    public var rows: Int64
    public var uncompressedBytes: Int64
    public var seconds: Double
    public var warnings: [String]
    public var phases: [PhaseDuration] = []

    enum CodingKeys: String, CodingKey {
        case schema, backup, database, engine, tables, rows, seconds, warnings, phases
        case uncompressedBytes = "uncompressed_bytes"
    }
}

/// A table in the target whose presence says a restore is in progress or failed; it is
/// dropped only once everything is in. A crashed restore therefore never looks complete.
enum RestoreMarker {
    static let table = "_dbops_restore_incomplete"
}

/// One data file to load, and the table it belongs to.
struct LoadTask {
    let table: TableEntry
    let file: FileEntry
}
