import Backup

/// [restore].
enum RestoreSettings {
    static let jobs = Setting(
        "jobs", .integer(Limits.jobs), default: RestoreOptions(input: "").jobs, "parallel workers")

    static let lockTimeout = Setting(
        "lock_timeout", .duration(Limits.lockTimeout), default: RestoreOptions(input: "").lockTimeout,
        "longest a statement waits for a lock another session holds (--clean's drops, --table's emptying, any step midway)",
        detail: "an application's open transaction on the target fails the restore instead of holding it forever")

    static let all: [SettingDeclaration] = [jobs, lockTimeout, BackupSettings.trustedKeys, BackupSettings.decryptWith]
}
