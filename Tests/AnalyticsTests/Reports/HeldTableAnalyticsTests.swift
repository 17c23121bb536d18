import Analytics
import DBCore
import Foundation
import Testing
import TestSupport

/// A report whose table a migration holds (PostgreSQL ACCESS EXCLUSIVE, MariaDB LOCK TABLES
/// ... WRITE) gives up at its lock timeout, in one line saying so: it waited out the
/// statement timeout (5 minutes), holding the on-call operator and queueing behind the
/// migration every query of the table that came after it.
@Suite("Analytics around a held table")
struct HeldTableAnalyticsTests {
    @Test("dau, cost and latency give up at the lock timeout and say why", arguments: Engine.allCases)
    func givesUpOnAHeldTable(_ engine: Engine) throws {
        try ScratchDatabase.holdingTables(engine, prefix: "anheld") { scratch in
            try AnalyticsServerTests.makeTable(scratch)
            let app = try scratch.connect()
            defer { app.close() }
            try app.executeScript(
                engine == .postgres
                    ? "BEGIN; LOCK TABLE usage_events IN ACCESS EXCLUSIVE MODE" : "LOCK TABLES usage_events WRITE")
            defer { try? app.executeScript(engine == .postgres ? "ROLLBACK" : "UNLOCK TABLES") }
            var options = AnalyticsServerTests.options()
            options.lockTimeout = 0.5
            let reports: [(String, () throws -> Void)] = [
                ("dau", { _ = try AnalyticsRunner.activeUsers(scratch.config, label: "t", options: options) }),
                ("cost", { _ = try AnalyticsRunner.cost(scratch.config, label: "t", options: options) }),
                ("latency", { _ = try AnalyticsRunner.latency(scratch.config, label: "t", options: options) }),
            ]
            for (name, run) in reports {
                let started = Date()
                do {
                    try run()
                    Issue.record("\(name) read a table another session holds")
                } catch let error as DBError {
                    #expect(error.code == .lockNotAvailable, "\(name): \(error)")
                    #expect(
                        error.message.contains("another session holds a table this report reads")
                            && error.message.contains("(--lock-timeout)"), "\(name): \(error.message)")
                }
                // The lock timeout, not the 5-minute statement timeout (MariaDB counts whole seconds).
                #expect(Date().timeIntervalSince(started) < 30, "\(name)")
            }
        }
    }

    @Test("--lock-timeout is range-checked where it is typed")
    func flagIsChecked() throws {
        for value in ["0s", "-1s", "2h", "abc"] {
            let result = try DBOpsProcess.run(
                ["analytics", "dau", "--lock-timeout", value], environment: ["DBOPS_URL": "postgres://u@127.0.0.1:1/x"])
            #expect(result.exitCode == 64, "\(value): \(result)")
            #expect(result.stderr.contains("--lock-timeout"), "\(value): \(result.stderr)")
        }
        // A value in range is taken: the run gets as far as connecting (to nothing).
        let taken = try DBOpsProcess.run(
            ["analytics", "dau", "--lock-timeout", "2s"], environment: ["DBOPS_URL": "postgres://u@127.0.0.1:1/x"])
        #expect(taken.exitCode == 1 && taken.stderr.contains("Connection refused"), "\(taken)")
    }
}
