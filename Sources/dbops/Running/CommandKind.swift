/// Whether a command reports a state (checks) or does work (jobs): it decides what an
/// error means for the exit code.
enum CommandKind {
    /// health, slow-queries, index-usage, partitions --check: an unreachable server is
    /// CRITICAL (2), any other failure UNKNOWN (3).
    case check
    /// backup, restore, cleanup, ...: any failure is 1.
    case job
}
