@testable import Archive
import DBCore
import Foundation
import Testing
import TestSupport

/// A table another session holds whole (a migration's ACCESS EXCLUSIVE lock) for the whole
/// run, on PostgreSQL, which can say which table that is. Archive used to take it for an
/// application holding one root's rows and step over every due root in turn, at several
/// lock timeouts each: hours for a large backlog. And the error named no table.
/// MariaDB names no holder of a metadata lock without its metadata_lock_info plugin (see
/// MySQLMaintenance): there stepping over stops after a few roots in a row.
@Suite("Maintenance on a table held whole")
struct HeldTableMaintenanceTests {
    /// PostgreSQL sees the held table in pg_locks, and MariaDB with its metadata_lock_info
    /// plugin loaded in METADATA_LOCK_INFO: no root is stepped over, and the error names it.
    /// MariaDB without it cannot tell: stepping over stops after `maxSteppedOverInARow` (2
    /// here) roots in a row. Either way the lock retries end the run and nothing moves.
    @Test(
        "archive with a child table held whole ends at its lock retries instead of stepping over every root",
        arguments: Engine.allCases)
    func archiveHeldChildTable(_ engine: Engine) throws {
        guard engine == .mysql else {
            return try ScratchDatabase.with(engine, prefix: "heldwhole") { try archiveHeldChild($0, seen: true) }
        }
        // LOCK TABLES reaches past its database (see holdingTables): the solo server, alone.
        try SoloServer.exclusively(.mysql) {
            try ScratchDatabase.with(.mysql, prefix: "heldwhole", solo: true) { try archiveHeldChild($0, seen: false) }
            try SoloServer.withMetadataLockInfo {
                try ScratchDatabase.with(.mysql, prefix: "heldwhole", solo: true) {
                    try archiveHeldChild($0, seen: true)
                }
            }
        }
    }

    /// `seen`: whether the server shows who holds a table.
    func archiveHeldChild(_ scratch: ScratchDatabase, seen: Bool) throws {
        let engine = scratch.engine
        let connection = try scratch.connect()
        defer { connection.close() }
        try ArchiveTests.fill(connection)
        // The archive tables exist, so the run gets as far as its batches.
        for table in ArchiveTests.tables {
            try connection.executeScript(
                engine == .postgres
                    ? "CREATE TABLE \(table)_archive (LIKE \(table) INCLUDING ALL)"
                    : "CREATE TABLE \(table)_archive LIKE \(table)")
        }
        let before = try ArchiveTests.snapshot(connection)
        let holder = HeldRowTests.Holder(
            scratch, engine == .postgres ? "LOCK TABLE scenes IN ACCESS EXCLUSIVE MODE" : "LOCK TABLES scenes WRITE"
        )
        #expect(holder.waitHolding())
        var options = ArchiveTests.options(batch: 10)
        // MariaDB waits for a table lock in whole seconds.
        options.maintenance.lockTimeout = engine == .postgres ? 0.1 : 1
        // Past the four failures of a one-root batch after which a held root is stepped
        // over (the batch size reaches one after three), short of a long test.
        options.maintenance.maxLockRetries = 8
        options.maintenance.maxSteppedOverInARow = 2
        let report = try ArchiveRunner.run(scratch.config, label: "t", options: options)
        #expect(holder.finish() == nil)
        #expect(report.outcome == .failed, "\(report.error ?? "")")
        let error = report.error ?? ""
        if seen {
            let held = engine == .postgres ? "public.scenes ACCESS EXCLUSIVE" : "`scenes` for itself (LOCK TABLES"
            #expect(error.contains("another session holds \(held)"), "\(error)")
            #expect(report.tables.first?.skippedHeld == 0, "no root stepped over")
        } else {
            #expect(!error.contains("another session holds"), "\(error)")
            #expect(report.tables.first?.skippedHeld == 2, "two roots stepped over, then no more")
        }
        #expect(report.rows == 0)
        #expect(try ArchiveTests.snapshot(connection) == before, "nothing moved")
    }

    @Test(
        "archive waits out a moment's hold on a table it copies (retried DDL); cleanup failing at a held table names it"
    )
    func shortHoldAndNamedFailure() throws {
        try ScratchDatabase.with(.postgres, prefix: "heldname") { scratch in
            let connection = try scratch.connect()
            defer { connection.close() }
            try ArchiveTests.fill(connection)
            try CleanupTests.fill(connection)
            // Creating the archive tables (LIKE scenes) waits for the held table; held for
            // a moment (a short REINDEX), the creation is retried and the run completes.
            let scenes = HeldRowTests.Holder(scratch, "LOCK TABLE scenes IN ACCESS EXCLUSIVE MODE")
            #expect(scenes.waitHolding())
            let release = Background {
                Thread.sleep(forTimeInterval: 1.5)
                if let error = scenes.finish() { throw error }
            }
            var archive = ArchiveTests.options(batch: 10)
            archive.maintenance.lockTimeout = 0.1
            let archived = try ArchiveRunner.run(scratch.config, label: "t", options: archive)
            #expect(release.wait() == nil)
            #expect(archived.outcome == .complete, "\(archived.error ?? "")")
            #expect(archived.rows == 66)

            let cache = HeldRowTests.Holder(scratch, "LOCK TABLE cache IN ACCESS EXCLUSIVE MODE")
            #expect(cache.waitHolding())
            var cleanup = CleanupTests.options(batch: 100)
            cleanup.only = ["cache"]
            cleanup.maintenance.lockTimeout = 0.1
            cleanup.maintenance.maxLockRetries = 2
            let cleaned = try CleanupRunner.run(scratch.config, label: "t", options: cleanup)
            #expect(cache.finish() == nil)
            #expect(cleaned.outcome == .failed)
            #expect(
                (cleaned.error ?? "").contains("another session holds public.cache ACCESS EXCLUSIVE"),
                "\(cleaned.error ?? "")")
            #expect(cleaned.rows == 0)
        }
    }
}
