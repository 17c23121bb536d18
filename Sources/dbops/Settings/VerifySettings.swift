import Backup

/// verify's flags: it works on files only and reads no config section.
enum VerifySettings {
    static let jobs = Setting(
        "jobs", .integer(Limits.jobs), default: BackupVerifier.defaultJobs, "parallel workers reading the files")
}
