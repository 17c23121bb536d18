import DBCore
import Foundation

/// MySQL/MariaDB: every worker starts `START TRANSACTION WITH CONSISTENT SNAPSHOT` while
/// commits are held for a moment (MariaDB's BACKUP STAGE BLOCK_COMMIT, or FLUSH TABLES
/// WITH READ LOCK), so all workers see the same instant; the hold lasts only as long as
/// opening those transactions and reading the binary log position.
enum MySQLSnapshot {
    /// This server's own replication status (nil when it is not a replica), with the
    /// statement health's replication check uses.
    static func replicaStatus(_ connection: DatabaseConnection) -> Row? {
        (try? connection.named(.healthReplicaStatus).first) ?? nil
    }

    /// `state-uuid:seqno` of a Galera node.
    static func galeraPosition(_ connection: DatabaseConnection) -> String? {
        guard let row = try? connection.named(.backupGaleraPosition).first, let uuid = row["state_uuid"],
            let seqno = row["last_committed"]
        else { return nil }
        return "\(uuid):\(seqno)"
    }

    /// MySQL counts lock waits in whole seconds: the lock timeout rounded up, at least one.
    static func lockWaitSeconds(_ lockTimeout: Double) -> Int64 { Int64(max(1, lockTimeout.rounded(.up))) }

    static func open(
        leader: DatabaseConnection, workers: inout [DatabaseConnection], lockTimeout: Double,
        galeraDesync: Bool = false, holding tables: [String] = []
    ) throws -> (SnapshotPoint, [String]) {
        var warnings: [String] = []
        // The leader's own waits are bounded from its first statement (MySQLDump.boundLockWaits).
        let seconds = lockWaitSeconds(lockTimeout)
        let mariadb = leader.server.flavor == .mariadb && leader.server.versionNumber >= 100_400
        var method = mariadb ? "backup stage" : "global read lock"
        var locked = false
        // On a replica the commits are held even for one worker: the replication thread's
        // commits stop too, so the source coordinates read below match the snapshot.
        let reading = Result { try leader.named(.healthReplicaStatus).first }
        let replica = (try? reading.get()) ?? nil
        if case .failure(let error as DBError) = reading, error.code == .permissionDenied {
            // Without the privilege a replica looks like a primary: no source position.
            warnings.append(
                "replica status not readable (\(error.message)): if this server is a replica, the source's position is not recorded"
            )
        }
        // On a Galera node, holding commits desyncs and pauses the node (BACKUP STAGE and
        // FLUSH TABLES WITH READ LOCK both do): only when asked, then for an exact cluster
        // position too; otherwise one worker, one transaction, the node left alone.
        let galera = GaleraNode.isOn(leader)
        if galera && !galeraDesync && workers.count > 1 {
            warnings.append(
                "a Galera node: backed up by one worker without holding commits, so it is not desynced; --galera-desync holds them for a moment for several workers and an exact cluster position"
            )
            for extra in workers.dropFirst() { extra.close() }
            workers = Array(workers.prefix(1))
        }
        // A worker holds a table's metadata lock until its transaction ends, and a schema
        // change queued on that table makes later readers of it wait behind the change:
        // bounded like the leader's (set before commits are held, so as not to lengthen
        // the hold), such a wait fails the backup in one line instead of lasting
        // lock_wait_timeout's default of a year.
        for worker in workers { try worker.execute(.backupLockWaitTimeout, [.int(seconds)]) }
        if (workers.count > 1 || replica != nil || galera) && (!galera || galeraDesync) {
            do {
                if mariadb {
                    try leader.executeScript("BACKUP STAGE START")
                    try leader.executeScript("BACKUP STAGE BLOCK_COMMIT")
                } else {
                    try leader.executeScript(.backupGlobalReadLock)
                }
                locked = true
            } catch let error as DBError where error.code == .lockNotAvailable {
                throw DBError(
                    .lockNotAvailable,
                    "could not hold commits for one consistent snapshot within \(seconds)s: another session holds a table lock (LOCK TABLES, FLUSH TABLES WITH READ LOCK, a schema change or a long statement) (\(error.message))"
                )
            } catch let error as DBError where error.code == .permissionDenied {
                // Without RELOAD there is no way to line up several snapshots: one worker,
                // one transaction, still consistent.
                warnings.append(
                    "no RELOAD privilege to synchronise snapshots (\(error.message)); backed up with one worker")
                for extra in workers.dropFirst() { extra.close() }
                workers = Array(workers.prefix(1))
                method = "single transaction"
                if mariadb { try? leader.executeScript("BACKUP STAGE END") }
            }
        }
        if !locked { method = "single transaction" }
        defer {
            if locked { try? leader.executeScript(mariadb ? "BACKUP STAGE END" : "UNLOCK TABLES") }
        }
        for worker in workers {
            try worker.executeScript(.backupRepeatableRead)
            try worker.executeScript(.backupStartSnapshot)
        }
        // While commits are still held (schema changes wait for that hold too), so none
        // can come between the snapshot and these locks.
        if let first = workers.first { try hold(tables, in: first) }
        var point = SnapshotPoint(method: method)
        try readBinlogPosition(into: &point, leader: leader, first: workers.first, locked: locked)
        // Exact only while commits are held; without, no position is better than a wrong
        // one (a node seeded with too late a seqno would skip write sets).
        if galera && locked { point.galeraPosition = galeraPosition(leader) }
        if let first = workers.first, let status = replicaStatus(first) {
            point.sourceLogFile = status["Relay_Master_Log_File"] ?? status["Relay_Source_Log_File"]
            point.sourceLogPosition = status.int64("Exec_Master_Log_Pos") ?? status.int64("Exec_Source_Log_Pos")
            let gtid =
                first.server.flavor == .mariadb
                ? try? first.scalar(.backupGtidSlavePos) : status["Executed_Gtid_Set"] ?? nil
            point.sourceGTID = gtid.flatMap { $0.isEmpty ? nil : $0 }
            if !locked {
                warnings.append(
                    "taken on a replica without holding commits (no RELOAD privilege): the recorded source position may be a little past the snapshot"
                )
            }
        }
        return (point, warnings)
    }

    /// --block-ddl: `tables` opened in `worker`'s snapshot transaction, a hundred a
    /// statement; their metadata locks last until that transaction ends.
    static func hold(_ tables: [String], in worker: DatabaseConnection) throws {
        guard !tables.isEmpty else { return }
        let template = try SQLTemplate.named(.backupHoldTable, server: worker.server)
        for start in stride(from: 0, to: tables.count, by: 100) {
            let pieces = try tables[start..<min(tables.count, start + 100)].map {
                try template.fragment(dialect: worker.dialect, identifiers: ["table": $0]).text
            }
            do { _ = try worker.query(pieces.joined(separator: "\nUNION ALL\n")) } catch {
                throw DBError.wrap(error, context: "--block-ddl: holding the tables' metadata locks")
            }
        }
    }

    /// The binary log file, position and GTID matching the snapshot: MariaDB reports them
    /// for the transaction itself; MySQL's are read while commits are held.
    static func readBinlogPosition(
        into point: inout SnapshotPoint, leader: DatabaseConnection, first: DatabaseConnection?, locked: Bool
    ) throws {
        if let first, first.server.flavor == .mariadb {
            // MariaDB reports the binary log position that matches this transaction's snapshot.
            for row in try first.named(.backupBinlogSnapshot).rows {
                if row[0] == "Binlog_snapshot_file", let file = row[1], !file.isEmpty { point.binlogFile = file }
                if row[0] == "Binlog_snapshot_position" { point.binlogPosition = Int64(row[1] ?? "") }
            }
            point.gtid = try? first.scalar(.backupGtidBinlogPos)
        } else if locked, let status = try? leader.named(.backupMasterStatus).first {
            point.binlogFile = status["File"]
            point.binlogPosition = status.int64("Position")
            point.gtid = try? leader.scalar(.backupGtidExecuted)
        }
        if point.gtid?.isEmpty == true { point.gtid = nil }
        if point.binlogFile == nil { point.binlogPosition = nil }  // no binary log here: no position
    }
}
