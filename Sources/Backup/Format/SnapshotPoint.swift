import DBCore
import Foundation

/// Where in the server's history the backup stands.
public struct SnapshotPoint: Codable, Sendable {
    /// "exported snapshot" (PostgreSQL), "backup stage" or "global read lock" (MySQL), or
    /// "single transaction" (one worker, no lock privilege).
    public var method: String
    public var postgresSnapshot: String?
    public var walLSN: String?
    public var binlogFile: String?
    public var binlogPosition: Int64?
    public var gtid: String?
    /// Taken on a MySQL/MariaDB replica: the source's binary log coordinates (and GTID
    /// position) the replica had executed at the snapshot — what a new replica seeded from
    /// this backup starts replicating from (CHANGE MASTER TO ... / MASTER_USE_GTID).
    public var sourceLogFile: String?
    public var sourceLogPosition: Int64?
    public var sourceGTID: String?
    /// Taken on a Galera node: the cluster's position at the snapshot, `state-uuid:seqno`
    /// (wsrep_local_state_uuid and wsrep_last_committed, read while commits were held).
    public var galeraPosition: String?

    public init(
        method: String, postgresSnapshot: String? = nil, walLSN: String? = nil, binlogFile: String? = nil,
        binlogPosition: Int64? = nil, gtid: String? = nil
    ) {
        self.method = method
        self.postgresSnapshot = postgresSnapshot
        self.walLSN = walLSN
        self.binlogFile = binlogFile
        self.binlogPosition = binlogPosition
        self.gtid = gtid
    }

    enum CodingKeys: String, CodingKey {
        case method, gtid
        case postgresSnapshot = "postgres_snapshot"
        case walLSN = "wal_lsn"
        case binlogFile = "binlog_file"
        case binlogPosition = "binlog_position"
        case sourceLogFile = "source_log_file"
        case sourceLogPosition = "source_log_position"
        case sourceGTID = "source_gtid"
        case galeraPosition = "galera_position"
    }
}
