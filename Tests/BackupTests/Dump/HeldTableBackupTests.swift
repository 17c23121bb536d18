import Backup
import DBCore
import Foundation
import Testing
import TestSupport

/// A backup started while the application (a migration) already holds a table: on
/// PostgreSQL ACCESS EXCLUSIVE, on MariaDB LOCK TABLES ... WRITE. It must give up at its
/// lock timeout, in one line saying what it waited for, leaving no folder. The catalog
/// reads waited with no timeout at all — PostgreSQL's table sizes (pg_relation_size),
/// MariaDB's chunk planner (MIN and MAX of a large table's key) — so the backup lasted as
/// long as the migration held the table. On MariaDB the held table also makes BACKUP STAGE
/// START wait, which any other backup of the server would queue behind: the tests run on
/// the solo servers, exclusively.
@Suite("A backup started while a table is held")
struct HeldTableBackupTests {
    /// The ways a backup meets the held table first: several workers and small tables
    /// (PostgreSQL's LOCK TABLE, MariaDB's commit hold), a table large enough to be split in
    /// chunks (its key's bounds are read first), one worker (its first read of the table).
    enum Shape: String, CaseIterable, Sendable { case workers, chunked, oneWorker }

    static let cases: [(Engine, Shape)] =
        [(.postgres, .workers), (.postgres, .chunked)] + Shape.allCases.map { (.mysql, $0) }

    @Test("The backup ends at its lock timeout, naming what holds it, and leaves nothing", arguments: cases)
    func heldAtStart(_ engine: Engine, _ shape: Shape) throws {
        try SoloServer.exclusively(engine) {
            try ScratchDatabase.with(engine, prefix: "heldbk", solo: true) { scratch in
                let app = try scratch.connect()
                defer { app.close() }
                try app.executeScript(
                    "CREATE TABLE free (id int PRIMARY KEY); CREATE TABLE migrating (id int PRIMARY KEY, v text)")
                if shape == .chunked {
                    try app.executeScript(
                        engine == .postgres
                            ? "INSERT INTO migrating SELECT g, repeat('x', 200) FROM generate_series(1, 20000) g; ANALYZE migrating"
                            : "INSERT INTO migrating SELECT seq, REPEAT('x', 200) FROM seq_1_to_20000; ANALYZE TABLE migrating"
                    )
                }
                try app.executeScript(
                    engine == .postgres
                        ? "BEGIN; LOCK TABLE migrating IN ACCESS EXCLUSIVE MODE" : "LOCK TABLES migrating WRITE")
                defer { try? app.executeScript(engine == .postgres ? "ROLLBACK" : "UNLOCK TABLES") }
                try withTemporaryDirectory { folder in
                    let output = folder + "/b"
                    let process = try DBOpsProcess.start(
                        [
                            "backup", "-o", output, "-j", shape == .oneWorker ? "1" : "2", "--chunk-size", "1MB",
                            "--lock-timeout", "1s",
                        ],
                        environment: ["DBOPS_URL": try scratch.url], stderr: .pipe)
                    // Held for the whole test: only the lock timeout can end the backup.
                    let finished = try eventually(timeout: 30, interval: 0.1) { !process.isRunning }
                    if !finished { process.terminate() }
                    let stderr = String(decoding: process.collect(input: nil).1, as: UTF8.self)
                    #expect(finished, "the backup ended on its own while the table was still held")
                    #expect(process.terminationStatus == 1, "\(stderr)")
                    #expect(stderr.split(separator: "\n").count == 1, "one line: \(stderr)")
                    switch (engine, shape) {
                    case (.postgres, _):
                        #expect(
                            stderr.contains("could not lock the tables to back up within 1s")
                                && stderr.contains("public.migrating ACCESS EXCLUSIVE"), "\(stderr)")
                    case (.mysql, .workers):
                        #expect(
                            stderr.contains("could not hold commits") && stderr.contains("LOCK TABLES"), "\(stderr)")
                    case (.mysql, .chunked):
                        #expect(
                            stderr.contains("could not read table migrating within the lock timeout"), "\(stderr)")
                    case (.mysql, .oneWorker):
                        #expect(
                            stderr.contains("migrating") && stderr.contains("another session holds it"), "\(stderr)")
                    }
                    #expect(!FileManager.default.fileExists(atPath: output), "no partial backup is left")
                }
            }
        }
    }
}
