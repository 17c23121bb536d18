import DBCore
import Foundation
import History
import Testing
import TestSupport

/// The snapshot's index samples: every index of the database with its size and whether it
/// enforces something (primary key, unique), which the report never advises dropping.
@Suite("History: index samples")
struct IndexHistoryTests {
    @Test("primary and unique indexes are marked as enforcing, a plain one is not", arguments: Engine.allCases)
    func uniqueness(_ engine: Engine) throws {
        try ScratchDatabase.with(engine, prefix: "hidx") { database in
            let connection = try database.connect()
            try connection.executeScript(
                """
                CREATE TABLE t (id INT PRIMARY KEY, u INT, k INT);
                CREATE UNIQUE INDEX u_idx ON t (u);
                CREATE INDEX k_idx ON t (k);
                """)
            connection.close()
            try withStore { store, _ in
                var options = plainOptions()
                options.statements = false
                options.indexAdvice = false
                let snapshot = try SnapshotRunner.run(try database.config, label: "idx", store: store, options: options)
                let unique = Dictionary(
                    snapshot.samples.filter { $0.metric == "index.unique" }.map { ($0.subject, $0.value) },
                    uniquingKeysWith: { first, _ in first })
                let primary = engine == .postgres ? "t_pkey" : "PRIMARY"
                let schema = engine == .postgres ? "public" : database.name
                #expect(unique["\(schema).t.\(primary)"] == 1, "\(unique)")
                #expect(unique["\(schema).t.u_idx"] == 1, "\(unique)")
                #expect(unique["\(schema).t.k_idx"] == 0, "\(unique)")
                #expect(
                    snapshot.samples.contains { $0.metric == "index.bytes" && $0.subject == "\(schema).t.k_idx" },
                    "\(snapshot.samples)")
            }
        }
    }
}
