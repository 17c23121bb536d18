import DBCore
import Foundation
import History

/// Jobs (backup, drill, cleanup, archive, partitions) record each run in the history store
/// as it ends, so the report shows every run rather than what a snapshot happened to see.
/// Only where a store is kept: `[history] store` is set, or the default store exists (a
/// snapshot made it); `[history] record_jobs = false` turns it off. A run that cannot be
/// recorded says so on stderr and keeps its exit code: the store never fails a job.
enum JobHistory {
    /// The store this run records into, if any: one named (DBOPS_HISTORY_URL, [history]
    /// store), or the default file if a snapshot made it. A named one that cannot be used
    /// throws.
    static func location(_ environment: CommandEnvironment) throws -> HistorySettings.Location? {
        let settings = environment.settings("history")
        guard try HistorySettings.recordJobs.resolve(nil, settings) ?? true else { return nil }
        let location = try HistorySettings.location(nil, settings, environment: environment.environment, create: false)
        if case .file(let path) = location, !FileManager.default.fileExists(atPath: path),
            try HistorySettings.store.given(nil, settings) == nil
        {
            return nil
        }
        return location
    }

    static func record(_ runs: [JobRun], _ environment: CommandEnvironment) {
        guard !runs.isEmpty else { return }
        var shown = "named in the config"
        do {
            guard let location = try location(environment) else { return }
            shown = location.shown
            let store = try location.open()
            for run in runs { try store.recordJob(run) }
        } catch {
            StandardStreams.err(
                "dbops: warning: the run was not recorded in the history store \(shown): \(DBError.oneLineDescription(of: error))\n"
            )
        }
    }

    /// The target a drill of `path` is recorded under: the one whose backup wrote it.
    static func backupTarget(_ path: String, _ environment: CommandEnvironment) -> String? {
        guard let location = try? location(environment) else { return nil }
        return try? location.open().backupTarget(path: path)
    }

    /// How a job's body ended: its exit code, the runs to record (none for a run that
    /// changed nothing, such as --dry-run), and the failure to report after recording.
    struct End {
        var code: Int32
        var runs: [JobRun]
        var failure: Error?
    }

    /// Runs `body` and records its end: what the body says it did, or the error that ended
    /// it (failed, skipped because another run held the lock, interrupted).
    /// `recorded` false (a check, a dry run): nothing is recorded, whatever happens.
    static func recording(
        job: String, target: String, _ environment: CommandEnvironment, recorded: Bool = true,
        _ body: () throws -> End
    ) throws -> Int32 {
        guard recorded else {
            let end = try body()
            if let failure = end.failure { throw failure }
            return end.code
        }
        let started = Date()
        let end: End
        do {
            end = try body()
        } catch {
            let outcome: String
            if Interruption.shared.signal != nil {
                outcome = "interrupted"
            } else if error is JobLockHeld {
                outcome = "skipped"
            } else if error is UsageError {
                throw error
            } else {
                outcome = "failed"
            }
            record(
                [
                    JobRun(
                        target: target, job: job, startedAt: started, seconds: Date().timeIntervalSince(started),
                        outcome: outcome, detail: DBError.oneLineDescription(of: error))
                ], environment)
            throw error
        }
        record(end.runs, environment)
        if let failure = end.failure { throw failure }
        return end.code
    }

    /// A backup folder as recorded: absolute, so a drill given a relative path finds it.
    static func folder(_ path: String) -> String? {
        path == "-" ? nil : URL(fileURLWithPath: path).standardizedFileURL.path
    }
}
