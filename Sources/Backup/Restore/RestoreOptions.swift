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
    /// Every table in the target's default place, as pg_restore --no-tablespaces: a
    /// server restored onto (a spare, a laptop) seldom has the source's tablespaces or
    /// directories. MySQL/MariaDB: a table's DATA DIRECTORY and INDEX DIRECTORY ignored.
    public var noTablespaces = false
    /// Run ANALYZE when done, so the planner has statistics at once.
    public var analyze: Bool
    /// MySQL/MariaDB: load rows with LOAD DATA LOCAL INFILE (falling back to INSERTs when the
    /// server refuses it). false: INSERTs only, for servers or policies that forbid it.
    public var localInfile = true
    /// --table: reload tables that other tables reference, with foreign keys not enforced
    /// while loading; every referencing row is checked before commit.
    public var disableTriggers = false
    /// --table: let the reloaded tables' own triggers fire on their rows. By default
    /// PostgreSQL turns them off for the reload (in its transaction) and MySQL/MariaDB,
    /// which cannot, refuses a table with INSERT or DELETE triggers: a trigger that fired
    /// would change the restored rows or write elsewhere.
    public var fireTriggers = false
    /// PostgreSQL: restore what can be restored when the server refuses some schema
    /// statement (as pg_restore without --exit-on-error); the run still fails, listing them.
    public var keepGoing = false
    /// Longest a statement waits for a lock another session holds (--clean's drops,
    /// --table's emptying): an application's open transaction on the target fails the
    /// restore, naming the wait, instead of holding it forever.
    public var lockTimeout: Double = 60
    /// Create the target database when the server lacks it (TargetDatabase), once the
    /// backup has been checked: a damaged backup creates nothing.
    public var create = false
    /// The target is a scratch database of dbops' own (a drill's), which no source has, so
    /// it may be on a replica (WritableServer).
    public var scratch = false
    /// The restore made the target database (`--create`): it also gets the source
    /// database's own comment, grants and settings, as pg_restore --create gives them.
    var madeTarget = false
    /// An encrypted backup's content key already in hand (a drill right after the backup
    /// that made it); otherwise the key is opened with a decryption key.
    public var contentKey: ContentKey?

    public init(
        input: String, jobs: Int = 2, clean: Bool = false, tables: [String] = [], noOwner: Bool = false,
        noPrivileges: Bool = false, analyze: Bool = false
    ) {
        self.input = input
        self.jobs = jobs
        self.clean = clean
        self.tables = tables
        self.noOwner = noOwner
        self.noPrivileges = noPrivileges
        self.analyze = analyze
    }
}

extension RestoreOptions {
    /// pg_restore's flags for what the options leave out of the schema.
    var leftOut: [String] {
        (noOwner ? ["--no-owner"] : []) + (noPrivileges ? ["--no-privileges"] : [])
            + (noTablespaces ? ["--no-tablespaces"] : [])
    }
}
