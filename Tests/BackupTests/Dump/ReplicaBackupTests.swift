import Backup
import DBCore
import Foundation
import Testing
import TestSupport

/// A backup taken on a MariaDB replica records where in the source's binary log the
/// replica stood at the snapshot (as mydumper does), so the backup can seed a new replica.
@Suite("Backup from a replica")
struct ReplicaBackupTests {
    @Test("MariaDB replica: the source's log file, position and GTID position are recorded")
    func mariadbReplica() throws {
        // Other suites pause the shared replica's threads; this one needs it running.
        try SharedReplicas.exclusively { try backupOnReplica() }
    }

    func backupOnReplica() throws {
        try ScratchDatabase.with(.mysql, prefix: "rplbk") { scratch in
            let primary = try scratch.connect()
            defer { primary.close() }
            try primary.executeScript(
                "CREATE TABLE t (id INT PRIMARY KEY, v TEXT); INSERT INTO t SELECT seq, 'x' FROM seq_1_to_500")
            var config = try TestServers.replicaConfig(.mysql)
            config.database = scratch.name
            Database.initializeLibraries()
            // The database reaches the replica when replication gets to it.
            var connected: DatabaseConnection?
            #expect(
                eventually(timeout: 60) {
                    connected = try? Database.connect(config)
                    return connected != nil
                }, "the replica has the database")
            let replica = try #require(connected)
            defer { replica.close() }
            #expect(
                eventually(timeout: 60) { (try? replica.scalar("SELECT COUNT(*) FROM t")) == "500" },
                "the replica caught up")
            try withTemporaryDirectory { folder in
                let summary = try BackupRunner.run(config, options: BackupOptions(output: folder + "/b", jobs: 1))
                #expect(summary.rows == 500)
                let status = try #require(try replica.query("SHOW SLAVE STATUS").first)
                let point = summary.snapshot
                #expect(point.sourceLogFile == status["Relay_Master_Log_File"], "\(point)")
                #expect((point.sourceLogPosition ?? 0) > 0)
                #expect(point.binlogPosition == nil || point.binlogFile != nil, "no position without a binary log")
                let gtid = try replica.scalar("SELECT @@gtid_slave_pos") ?? ""
                if !gtid.isEmpty { #expect(point.sourceGTID != nil) }
                let manifest = try String(contentsOfFile: folder + "/b/manifest.json", encoding: .utf8)
                #expect(manifest.contains("\"source_log_file\""))
            }
        }
    }
}
