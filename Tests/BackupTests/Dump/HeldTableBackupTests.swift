import Backup
import DBCore
import Foundation
import Testing
import TestSupport

/// A backup started while the application (a migration) already holds a table: on
/// PostgreSQL ACCESS EXCLUSIVE, on MariaDB LOCK TABLES ... WRITE. It must give up at its
/// lock timeout, in one line saying what it waited for, leaving no folder. On PostgreSQL
/// the catalog read (pg_relation_size) waited for the lock with no timeout at all, so the
/// backup lasted as long as the migration held the table. On MariaDB the held table makes
/// BACKUP STAGE START wait, which any other backup of the server would queue behind: the
/// tests run on the solo servers, exclusively.
@Suite("A backup started while a table is held")
struct HeldTableBackupTests {
    @Test("The backup ends at its lock timeout, naming what holds it, and leaves nothing", arguments: Engine.allCases)
    func heldAtStart(_ engine: Engine) throws {
        try SoloServer.exclusively(engine) {
            try ScratchDatabase.with(engine, prefix: "heldbk", solo: true) { scratch in
                let app = try scratch.connect()
                defer { app.close() }
                try app.executeScript(
                    "CREATE TABLE free (id int PRIMARY KEY); CREATE TABLE migrating (id int PRIMARY KEY, v text)")
                try app.executeScript(
                    engine == .postgres
                        ? "BEGIN; LOCK TABLE migrating IN ACCESS EXCLUSIVE MODE" : "LOCK TABLES migrating WRITE")
                defer { try? app.executeScript(engine == .postgres ? "ROLLBACK" : "UNLOCK TABLES") }
                try withTemporaryDirectory { folder in
                    let output = folder + "/b"
                    let process = try DBOpsProcess.start(
                        ["backup", "-o", output, "-j", "2", "--lock-timeout", "1s"],
                        environment: ["DBOPS_URL": try scratch.url], stderr: .pipe)
                    // Held for the whole test: only the lock timeout can end the backup.
                    let finished = try eventually(timeout: 30, interval: 0.1) { !process.isRunning }
                    if !finished { process.terminate() }
                    let stderr = String(decoding: process.collect(input: nil).1, as: UTF8.self)
                    #expect(finished, "the backup ended on its own while the table was still held")
                    #expect(process.terminationStatus == 1, "\(stderr)")
                    #expect(stderr.split(separator: "\n").count == 1, "one line: \(stderr)")
                    if engine == .postgres {
                        #expect(
                            stderr.contains("could not lock the tables to back up within 1s")
                                && stderr.contains("public.migrating ACCESS EXCLUSIVE"), "\(stderr)")
                    } else {
                        #expect(
                            stderr.contains("could not hold commits") && stderr.contains("LOCK TABLES"), "\(stderr)")
                    }
                    #expect(!FileManager.default.fileExists(atPath: output), "no partial backup is left")
                }
            }
        }
    }
}
