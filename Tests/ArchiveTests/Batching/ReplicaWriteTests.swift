@testable import Archive
import Backup
import DBCore
import Foundation
import Testing
import TestSupport

/// Pointed at a MariaDB replica (a cron line left on a host after a failover), a cleanup
/// or a restore is refused before it writes, though dbops' account could write past
/// read_only: rows deleted there alone would stop replication at the source's next change
/// to them. A dry run, which writes nothing, and analyze still run there.
@Suite("Writes refused on a MariaDB replica")
struct ReplicaWriteTests {
    static func refusal(_ body: () throws -> Void) -> String {
        do {
            try body()
            return "not refused"
        } catch {
            return DBError.oneLineDescription(of: error)
        }
    }

    @Test("A server marked read_only, though dbops' account could write past it")
    func refusedWhenReadOnly() throws {
        // SET GLOBAL: the solo server, alone, set back after.
        try SoloServer.exclusively(.mysql) {
            try ScratchDatabase.with(.mysql, prefix: "rdonly", solo: true) { scratch in
                let connection = try scratch.connect()
                defer { connection.close() }
                try CleanupTests.fill(connection)
                try connection.executeScript("SET GLOBAL read_only = 1")
                defer { try? connection.executeScript("SET GLOBAL read_only = 0") }
                let cleanup = Self.refusal {
                    _ = try CleanupRunner.run(scratch.config, label: "r", options: CleanupTests.options())
                }
                #expect(cleanup.contains("cleanup refused: this server is read_only"), "\(cleanup)")
                #expect(try connection.scalar("SELECT COUNT(*) FROM cache") == "6000")
            }
        }
    }

    @Test func refusedOnTheReplica() throws {
        // The replica must be applying changes while the table reaches it.
        try SharedReplicas.exclusively {
            try ScratchDatabase.with(.mysql, prefix: "repw") { scratch in
                let connection = try scratch.connect()
                defer { connection.close() }
                try CleanupTests.fill(connection)
                var replica = try TestServers.replicaConfig(.mysql)
                // The database itself may not have reached the replica yet: wait through a
                // session of the replica's own database, then open one in the new one.
                let waiter = try Database.connect(replica)
                let arrived = "SELECT COUNT(*) FROM \(waiter.dialect.quote(scratch.name)).cache"
                #expect(eventually(timeout: 30) { (try? waiter.scalar(arrived)) == "6000" })
                waiter.close()
                replica.database = scratch.name
                let reader = try Database.connect(replica)
                defer { reader.close() }
                let count = "SELECT COUNT(*) FROM cache"

                let cleanup = Self.refusal {
                    _ = try CleanupRunner.run(replica, label: "r", options: CleanupTests.options())
                }
                #expect(cleanup.contains("cleanup refused: this server is a replica (of "), "\(cleanup)")
                #expect(try reader.scalar(count) == "6000")
                var dry = CleanupTests.options()
                dry.maintenance.dryRun = true
                let plan = try CleanupRunner.run(replica, label: "r", options: dry)
                #expect(plan.tables.first { $0.table == "cache" }?.rows == 3000, "\(plan)")

                try withTemporaryDirectory { folder in
                    _ = try BackupRunner.run(try scratch.config, options: BackupOptions(output: folder + "/b"))
                    var elsewhere = replica
                    elsewhere.database = scratch.name + "_r"
                    // Should the refusal ever fail, what it let through stays on the replica alone.
                    defer {
                        try? reader.executeScript(
                            "SET SESSION sql_log_bin = 0; DROP DATABASE IF EXISTS \(reader.dialect.quote(elsewhere.database!))"
                        )
                    }
                    var create = RestoreOptions(input: folder + "/b")
                    create.create = true
                    let created = Self.refusal { _ = try RestoreRunner.run(elsewhere, options: create) }
                    #expect(created.contains("restore --create refused: this server is a replica"), "\(created)")
                    #expect(
                        try reader.scalar(
                            "SELECT COUNT(*) FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = ?",
                            [
                                .text(elsewhere.database!)
                            ]) == "0")
                    let clean = RestoreOptions(input: folder + "/b", clean: true)
                    let restored = Self.refusal { _ = try RestoreRunner.run(replica, options: clean) }
                    #expect(restored.contains("restore refused: this server is a replica"), "\(restored)")
                    #expect(try reader.scalar(count) == "6000")
                }
            }
        }
    }
}
