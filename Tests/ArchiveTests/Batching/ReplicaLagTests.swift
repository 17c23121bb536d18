@testable import Archive
import DBCore
import Foundation
import Testing
import TestSupport

/// Throttling on replica lag, against the real standby and replica scripts/dbservers.sh
/// runs: replay is paused there, the job must wait, and go on once it resumes.
@Suite("Replica lag on real replicas", .serialized)
struct ReplicaLagTests {
    /// Pauses applying changes on the replica (holding it against other suites' tests that
    /// expect it running); returns how to resume.
    static func pause(_ engine: Engine, _ replica: DatabaseConnection) throws -> () -> Void {
        SharedReplicas.acquire()
        let once = RunOnce()
        do {
            switch engine {
            case .postgres:
                try replica.executeScript("SELECT pg_wal_replay_pause()")
                return {
                    once.run {
                        _ = try? replica.executeScript("SELECT pg_wal_replay_resume()"); SharedReplicas.release()
                    }
                }
            case .mysql:
                try replica.executeScript("STOP SLAVE SQL_THREAD")
                return {
                    once.run {
                        _ = try? replica.executeScript("START SLAVE SQL_THREAD"); SharedReplicas.release()
                    }
                }
            }
        } catch {
            SharedReplicas.release()
            throw error
        }
    }

    @Test("Cleanup waits while the replica lags more than --max-lag, then finishes", arguments: Engine.allCases)
    func waitsForTheReplica(_ engine: Engine) throws {
        try ScratchDatabase.with(engine, prefix: "lag") { scratch in
            let connection = try scratch.connect()
            defer { connection.close() }
            try CleanupTests.fill(connection)
            var replicaConfig = try TestServers.replicaConfig(engine)
            let replica = try Database.connect(replicaConfig)
            defer { replica.close() }
            // The replica has caught up with the new table before replay stops.
            switch engine {
            case .postgres:
                let target = try #require(try connection.scalar("SELECT pg_current_wal_lsn()::text"))
                #expect(
                    eventually(timeout: 30) {
                        (try? replica.scalar("SELECT pg_last_wal_replay_lsn() >= $1::pg_lsn", [.text(target)])) == "t"
                    })
            case .mysql:
                #expect(
                    eventually(timeout: 30) {
                        (try? replica.scalar("SELECT COUNT(*) FROM \(replica.dialect.qualified(scratch.name, "cache"))"))
                            == "6000"
                    })
            }
            let resume = try Self.pause(engine, replica)
            defer { resume() }
            // Something the replica has not applied, with time to age past the limit.
            try connection.executeScript(
                "UPDATE cache SET value = 'touched' WHERE \(connection.dialect.quote("key")) = 'k2'")
            Thread.sleep(forTimeInterval: 1.5)

            replicaConfig.database = engine == .postgres ? "postgres" : nil
            var options = CleanupTests.options(batch: 500)
            options.only = ["cache"]
            options.maintenance.maxLag = 1
            options.maintenance.replicas = [replicaConfig]
            let resumer = Background {
                Thread.sleep(forTimeInterval: 2.5)
                resume()
            }
            let report = try CleanupRunner.run(scratch.config, label: "t", options: options)
            #expect(resumer.wait() == nil)
            #expect(report.outcome == .complete)
            #expect(report.tables[0].rows == 3000)
            #expect(report.tables[0].throttledSeconds >= 1, "it waited: \(report.tables[0].throttledSeconds)s")
            #expect(report.notes.contains { $0.contains("waited for") }, "\(report.notes)")
        }
    }

    @Test("A --replica that is not a replica is refused at once", arguments: Engine.allCases)
    func notAReplica(_ engine: Engine) throws {
        try ScratchDatabase.with(engine, prefix: "lagx") { scratch in
            var options = CleanupTests.options()
            options.maintenance.maxLag = 1
            options.maintenance.replicas = [try TestServers.config(engine)]
            #expect(throws: DBError.self) { _ = try CleanupRunner.run(scratch.config, label: "t", options: options) }
        }
    }
}

extension ReplicaLagTests {
    @Test("PostgreSQL: a standby the primary reports, whose replay stands still, holds the job back too")
    func standbyReportedByThePrimary() throws {
        try ScratchDatabase.with(.postgres, prefix: "lagp") { scratch in
            let connection = try scratch.connect()
            defer { connection.close() }
            try CleanupTests.fill(connection)
            let standby = try Database.connect(try TestServers.replicaConfig(.postgres))
            defer { standby.close() }
            let resume = try Self.pause(.postgres, standby)
            defer { resume() }
            try connection.executeScript("UPDATE cache SET value = 'touched' WHERE key = 'k2'")
            var options = CleanupTests.options(batch: 100)
            options.only = ["cache"]
            options.maintenance.pause = 0.1
            options.maintenance.maxLag = 1
            let resumer = Background {
                Thread.sleep(forTimeInterval: 3)
                resume()
            }
            let report = try CleanupRunner.run(scratch.config, label: "t", options: options)
            #expect(resumer.wait() == nil)
            #expect(report.outcome == .complete && report.tables[0].rows == 3000)
            #expect(report.tables[0].throttledSeconds >= 0.5, "it waited: \(report.tables[0].throttledSeconds)s")
            #expect(report.notes.contains { $0.contains("waited for standby") }, "\(report.notes)")
        }
    }
}
