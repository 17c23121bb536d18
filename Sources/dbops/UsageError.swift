/// A mistake in what the user asked for: exit 64, with one line saying what to fix.
struct UsageError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// Another run holds the job's lock: exit 75, nothing done.
struct LockHeldError: Error, CustomStringConvertible {
    let job: String
    let target: String
    var description: String { "\(job) is already running against \(target) (its lock is held); nothing done" }
}
