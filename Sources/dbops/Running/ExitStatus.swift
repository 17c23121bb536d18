/// The one exit-code contract of every dbops subcommand (see README, "Exit codes").
enum ExitStatus {
    static let ok: Int32 = 0
    /// Checks and reports with thresholds (monitoring-plugin convention).
    static let warning: Int32 = 1
    static let critical: Int32 = 2
    static let unknown: Int32 = 3
    /// Jobs (backup, restore, cleanup, ...): the job failed.
    static let failed: Int32 = 1
    /// Bad command line, config file or target (sysexits EX_USAGE).
    static let usage: Int32 = 64
    /// Skipped: another run holds this job's lock (sysexits EX_TEMPFAIL).
    static let lockHeld: Int32 = 75
    static let interrupted: Int32 = 130
    static let terminated: Int32 = 143
}
