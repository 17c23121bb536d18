import DBCore
import Foundation
@testable import Health
import Testing
import TestSupport

/// `--snapshot FILE` names a file dbops reads and then replaces. Named wrong — a typo onto
/// another program's file, one path given to both health and slow-queries — the file was
/// replaced without a word: the other file was lost, or each job threw away the other's
/// readings on every run and never reported a difference.
@Suite("Snapshot files dbops did not write")
struct SnapshotFileTests {
    @Test(
        "slow-queries refuses a --snapshot file that is not its own and leaves it as it is", arguments: Engine.allCases)
    func slowQueriesLeavesForeignFiles(_ engine: Engine) throws {
        try ScratchDatabase.with(engine, prefix: "snapf") { scratch in
            if engine == .postgres {
                // So that the run would otherwise go on to write its snapshot.
                let connection = try scratch.connect()
                defer { connection.close() }
                try connection.executeScript("CREATE EXTENSION pg_stat_statements")
            }
            try withTemporaryDirectory { folder in
                let health = folder + "/health.json"
                _ = try CounterSnapshot.exchange("galera/x", counters: ["paused_ns": 1], path: health)
                let foreign = folder + "/notes.txt"
                try Data("someone's notes\n".utf8).write(to: URL(fileURLWithPath: foreign))
                for path in [health, foreign] {
                    let before = try Data(contentsOf: URL(fileURLWithPath: path))
                    let run = try DBOpsProcess.run(
                        ["slow-queries", "--snapshot", path], environment: ["DBOPS_URL": try scratch.url])
                    #expect(run.exitCode == 64, "\(run)")
                    #expect(
                        run.stderr.contains("\(path) is not a dbops slow-queries snapshot")
                            && run.stderr.contains("left as it is"), "\(run.stderr)")
                    #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
                }
                // And the other way round: health's file for slow-queries' is refused too.
                let statements = folder + "/statements.json"
                try Data(#"{"schema":"dbops.slow-queries-snapshot/v1"}"#.utf8).write(
                    to: URL(fileURLWithPath: statements))
                #expect(throws: DBError.self) {
                    try CounterSnapshot.exchange("galera/x", counters: ["paused_ns": 2], path: statements)
                }
            }
        }
    }
}
