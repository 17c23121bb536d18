import Backup

/// [backup]: backup's settings and backup prune's.
enum BackupSettings {
    private static let library = BackupOptions(output: "")

    static let output = Setting(
        "output", .path, shown: "required",
        "backup directory to create ({database} and {timestamp} are replaced), or - for a stream on stdout")
    static let jobs = Setting("jobs", .integer(Limits.jobs), default: library.jobs, "parallel workers")
    static let zstdLevel = Setting(
        "zstd_level", .integer(Limits.zstdLevel), default: library.zstdLevel, "zstd level",
        detail: "2 is measured as the fastest whose output is no larger than pg_dump | zstd -3")
    static let zstdThreads = Setting(
        "zstd_threads", .integer(Limits.zstdThreads), default: library.zstdThreads,
        "zstd threads per file", detail: "0 compresses on each worker's own thread")
    static let chunkSize = Setting(
        "chunk_size", .size(Limits.chunkSize), default: library.chunkBytes,
        "split tables bigger than this into chunks copied in parallel")
    static let bundleLimit = Setting(
        "bundle_limit", .size(Limits.bundleLimit), default: library.bundleBytes,
        "write tables up to this size whole into shared bundle files (one zstd frame each) rather than a file each",
        detail: "0 gives every table a file of its own, as before backup format v4")
    static let lockTimeout = Setting(
        "lock_timeout", .duration(Limits.lockTimeout), default: library.lockTimeout,
        "longest to wait for table locks when the snapshot is taken")
    static let copyFormat = Setting(
        "copy_format", .choice(DataFormat.self), default: library.copyFormat,
        "PostgreSQL rows as binary COPY (less CPU, smaller) or text COPY (most portable across major versions)")
    static let blockDDL = Setting(
        "block_ddl", .boolean, default: library.blockDDL, flag: .named("--block-ddl"),
        "MySQL/MariaDB: hold every table's metadata lock from the snapshot to the end, so a schema change waits for the backup instead of failing it",
        detail:
            "the application's DDL, and what it queues behind it, waits too; PostgreSQL's backups always hold their tables' locks"
    )
    static let keep = Setting("keep", .integer(Limits.keep), "prune: newest complete backups kept")
    static let keepDaily = Setting(
        "keep_daily", .integer(Limits.keep), "prune: the newest backup of each of this many last days with one")
    static let keepWeekly = Setting(
        "keep_weekly", .integer(Limits.keep), "prune: the newest backup of each of this many last ISO weeks with one")
    static let keepMonthly = Setting(
        "keep_monthly", .integer(Limits.keep), "prune: the newest backup of each of this many last months with one")
    static let olderThan = Setting(
        "older_than", .duration(Limits.age), "prune: remove complete backups older than this")

    static let signWith = Setting(
        "sign_with", .text("path", valueName: "file.key"), "private key (dbops keygen) that signs each manifest")
    /// restore's (and the config's [restore]) trusted keys; verify takes the flag only.
    static let trustedKeys = Setting(
        "trusted_keys", .list("list of paths", valueName: "file.pub"), flag: .named("--trusted-key"),
        "public keys whose signatures verify and restore accept; with any, an unsigned or otherwise signed manifest is refused"
    )

    static let encryptTo = Setting(
        "encrypt_to", .list("list of paths", valueName: "file.pub"), flag: .named("--encrypt-to"),
        "public keys (dbops keygen) every backup file is encrypted to; a backup that cannot be encrypted fails"
    )
    /// restore's and verify's (and the config's [restore]) private keys for encrypted
    /// backups; DBOPS_DECRYPT_WITH (paths separated by ':') when neither flag nor key is given.
    static let decryptWith = Setting(
        "decrypt_with", .list("list of paths", valueName: "file.key"), flag: .named("--decrypt-with"),
        "private keys (dbops keygen, mode 0600) that open encrypted backups; else DBOPS_DECRYPT_WITH"
    )

    static let drillOn = Setting(
        "drill_on", .text("URL", valueName: "url"),
        "scratch server each backup is restored into right after it is taken, proving it (as backup drill); else DBOPS_DRILL_URL"
    )

    static let all: [SettingDeclaration] = [
        output, jobs, zstdLevel, zstdThreads, chunkSize, bundleLimit, lockTimeout, copyFormat, blockDDL, keep,
        keepDaily,
        keepWeekly,
        keepMonthly,
        olderThan, signWith, encryptTo, drillOn,
    ]
}

extension DataFormat: CaseIterable {
    public static var allCases: [DataFormat] { [.binary, .text] }
}
