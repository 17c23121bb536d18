import DBCore
import Foundation

/// How a job run ended.
public enum JobOutcome: String, Sendable, Codable {
    /// Everything due was done.
    case complete
    /// Stopped at --max-runtime; a re-run carries on.
    case stoppedAtMaxRuntime = "stopped_at_max_runtime"
    /// Ctrl-C or SIGTERM between or during a batch (that batch rolled back).
    case interrupted
    /// --dry-run: nothing was changed.
    case dryRun = "dry_run"
    /// A batch failed (see the error); earlier batches stay done.
    case failed
}
