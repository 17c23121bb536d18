/// How a command takes part in fleet runs: whether a selection of several targets runs it
/// on each, whether --all-databases makes that selection, whether it adds a member for
/// each server's globals, and whether it is light enough to run on several databases of
/// one server at once by default.
struct FleetUse {
    /// A selection runs the command on every target; false: one target only (restore).
    var runs = true
    /// false: --target and --group only name what to read from the history store (history,
    /// report); the command connects to nothing and is never run per target.
    var selects = true
    /// --all-databases makes a fleet of a server's databases; false for the commands that
    /// read it themselves (slow-queries, restore).
    var expandsAllDatabases = true
    /// One more member per listed server, for what belongs to the server rather than to a
    /// database (backup: its globals; health: the server-wide checks), named so; the
    /// listed databases' members then leave the server's part out.
    var serverMember: String?
    /// --all-databases lists the server's own template databases too (PostgreSQL's
    /// `IS_TEMPLATE` ones but template0 and template1): a whole-server backup keeps them, as
    /// pg_dumpall does; a check or report of them would be of a copy nobody uses.
    var templates = false
    /// Reads of statistics views only (health, slow-queries, index-usage): --per-server
    /// defaults to --parallel. Jobs and analytics scan tables: one per server by default.
    var light = false
    /// What must hold for the whole fleet, checked once before any target starts (backup: an
    /// output folder that names each target's): a usage error, not one failure per target.
    var checkFleet: ((CommandEnvironment) throws -> Void)?
    /// The same once the members are known (--all-databases lists each server's): backup,
    /// that no two members would write one folder.
    var checkMembers: ((CommandEnvironment, [FleetMember]) throws -> Void)?

    static let job = FleetUse()
    static let light = FleetUse(light: true)
    static let stored = FleetUse(selects: false)
}
