import Backup

/// [restore].
enum RestoreSettings {
    static let jobs = Setting(
        "jobs", .integer(Limits.jobs), default: RestoreOptions(input: "").jobs, "parallel workers")

    static let all: [SettingDeclaration] = [jobs, BackupSettings.trustedKeys, BackupSettings.decryptWith]
}
