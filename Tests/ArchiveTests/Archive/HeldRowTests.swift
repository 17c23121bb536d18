@testable import Archive
import DBCore
import Foundation
import Testing
import TestSupport

/// An application that holds a due row's lock for the whole run: cleanup and archive must
/// finish, leave exactly that row (or root) behind and take every other due one. On MariaDB
/// this used to fail the run with error 1180 ("Got error 1 during COMMIT"): SKIP LOCKED under
/// innodb_lock_wait_timeout = 0 raises instead of skipping.
@Suite("Rows the application holds throughout")
struct HeldRowTests {
    /// Holds `FOR UPDATE` on the rows `select` finds, in an open transaction, until `release`.
    final class Holder: @unchecked Sendable {
        let release = Flag()
        let holding = Flag()
        private var background: Background?

        init(_ scratch: ScratchDatabase, _ select: String) {
            background = Background { [release, holding] in
                let app = try scratch.connect()
                defer { app.close() }
                try app.executeScript("BEGIN")
                _ = try app.query(select)
                holding.set()
                while !release.isSet { Thread.sleep(forTimeInterval: 0.05) }
                try app.executeScript("ROLLBACK")
            }
        }

        func waitHolding() -> Bool {
            eventually(timeout: 10) { holding.isSet || background?.isFinished == true } && holding.isSet
        }

        func finish() -> Error? {
            release.set()
            return background?.wait()
        }
    }

    @Test("cleanup completes around an expired row the application holds", arguments: Engine.allCases)
    func cleanupAroundHeldRow(_ engine: Engine) throws {
        try ScratchDatabase.with(engine, prefix: "held") { scratch in
            let connection = try scratch.connect()
            defer { connection.close() }
            try CleanupTests.fill(connection)
            let key = connection.dialect.quote("key")
            // k1 is expired (odd keys are); the application keeps it locked all run long.
            let holder = Holder(scratch, "SELECT \(key) FROM cache WHERE \(key) = 'k1' FOR UPDATE")
            #expect(holder.waitHolding())
            var options = CleanupTests.options(batch: 100)
            options.only = ["cache"]
            let report = try CleanupRunner.run(scratch.config, label: "t", options: options)
            #expect(holder.finish() == nil)
            #expect(report.outcome == .complete, "\(report.error ?? "")")
            #expect(report.tables.first?.rows == 2999, "every due row but the held one")
            let now = engine == .postgres ? "now()" : "UTC_TIMESTAMP(6)"
            let left = try connection.query("SELECT \(key) FROM cache WHERE expires_at < \(now)").rows.map {
                $0[0] ?? ""
            }
            #expect(left == ["k1"])
        }
    }

    @Test(
        "archive completes around a due root the application holds, and around a held child",
        arguments: Engine.allCases)
    func archiveAroundHeldRows(_ engine: Engine) throws {
        try ScratchDatabase.with(engine, prefix: "heldarch") { scratch in
            let connection = try scratch.connect()
            defer { connection.close() }
            try ArchiveTests.fill(connection)
            let due =
                "status = 'completed' AND updated_at < "
                + (engine == .postgres ? "now() - interval '2 years'" : "UTC_TIMESTAMP() - INTERVAL 2 YEAR")
            let dueIDs = try connection.query("SELECT id FROM projects WHERE \(due) ORDER BY id").rows.map {
                $0[0] ?? ""
            }
            #expect(dueIDs.count == 66)
            let heldRoot = dueIDs[0], heldChildRoot = dueIDs[10]
            // One root locked itself, and one storyboard of another due root.
            let root = Holder(scratch, "SELECT id FROM projects WHERE id = \(heldRoot) FOR UPDATE")
            let child = Holder(
                scratch, "SELECT id FROM storyboards WHERE project_id = \(heldChildRoot) ORDER BY id LIMIT 1 FOR UPDATE"
            )
            #expect(root.waitHolding() && child.waitHolding())
            let report = try ArchiveRunner.run(scratch.config, label: "t", options: ArchiveTests.options(batch: 10))
            #expect(root.finish() == nil && child.finish() == nil)
            #expect(report.outcome == .complete, "\(report.error ?? "")")
            #expect(report.rows == 64)
            #expect(report.tables.first?.skippedHeld == 1, "the root whose child stayed locked is stepped over")
            let left = try connection.query("SELECT id FROM projects WHERE \(due) ORDER BY id").rows.map { $0[0] ?? "" }
            #expect(Set(left) == [heldRoot, heldChildRoot])
            #expect(
                try ArchiveTests.count(
                    connection, "SELECT count(*) FROM storyboards WHERE project_id IN (\(heldRoot), \(heldChildRoot))")
                    == 4)
            #expect(try ArchiveTests.count(connection, "SELECT count(*) FROM projects_archive") == 64)
            // Released, the next run takes them.
            let again = try ArchiveRunner.run(scratch.config, label: "t", options: ArchiveTests.options(batch: 10))
            #expect(again.outcome == .complete && again.rows == 2)
        }
    }
}
