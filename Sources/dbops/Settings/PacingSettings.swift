import Archive
import ArgumentParser

/// How a maintenance job paces itself ([cleanup], [partitions] and [archive] each hold
/// these keys), with that job's defaults, read from its library options.
struct PacingSettings {
    let job: String
    let batchSize: Setting<Int>
    let pause: Setting<Double>
    let maxRuntime: Setting<Double>
    let maxLag: Setting<Double>
    let maxFlowControl: Setting<Double>
    let lockTimeout: Setting<Double>
    let replicas: Setting<[String]>
    let builtin: Setting<Bool>

    init(job: String, _ defaults: MaintenanceOptions) {
        self.job = job
        batchSize = Setting(
            "batch_size", .integer(Limits.batchSize), default: defaults.batchSize,
            "most rows (archive: root rows) per batch, each batch its own transaction",
            detail: "batches shrink while they run long")
        pause = Setting("pause", .duration(Limits.pause), default: defaults.pause, "pause between batches")
        maxRuntime = Setting(
            "max_runtime", .duration(Limits.maxRuntime), default: defaults.maxRuntime,
            "stop cleanly after this long", detail: "a re-run carries on")
        maxLag = Setting(
            "max_lag", .duration(Limits.maxLag), default: defaults.maxLag,
            "wait between batches while a replica is more than this far behind")
        maxFlowControl = Setting(
            "max_flow_control", .number(0...1), default: defaults.maxFlowControl,
            "Galera: wait between batches while flow control pauses the cluster more than this share of the time",
            detail: "0.1 is 10%; ignored on servers that are not Galera nodes")
        lockTimeout = Setting(
            "lock_timeout", .duration(Limits.lockTimeout), default: defaults.lockTimeout,
            "longest a statement waits for a lock before its batch is retried later")
        replicas = Setting(
            "replicas", .list("list of URLs", valueName: "url"), default: [], flag: .named("--replica"),
            "replicas to watch for --max-lag",
            detail:
                "MySQL primaries do not report their replicas; no password in a flag's URL (the target's is used, or put URLs in DBOPS_REPLICA_URLS)"
        )
        builtin = Setting(
            "builtin", .boolean, default: true, flag: .none, "also apply the applications' built-in rules")
    }

    var all: [SettingDeclaration] {
        [batchSize, pause, maxRuntime, maxLag, maxFlowControl, lockTimeout, replicas, builtin]
    }

    static let cleanup = PacingSettings(job: "cleanup", CleanupOptions().maintenance)
    static let partitions = PacingSettings(job: "partitions", PartitionOptions().maintenance)
    static let archive = PacingSettings(job: "archive", ArchiveOptions().maintenance)
    static let jobs = [cleanup, partitions, archive]

    /// `--help` for a flag all three jobs share: one default when they agree, each job's
    /// when they do not ("cleanup 1000, partitions 1000, archive 100").
    static func help(_ pick: (PacingSettings) -> SettingDeclaration) -> ArgumentHelp {
        let shown = jobs.map { pick($0).shownDefault }
        let text = Set(shown).count == 1 ? shown[0] : zip(jobs, shown).map { "\($0.job) \($1)" }.joined(separator: ", ")
        return pick(cleanup).help(default: text)
    }
}
