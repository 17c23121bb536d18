import Backup
import DBCore
import Foundation
import Testing
import TestSupport

/// Restores `backup` into a fresh scratch database and checks it against `source` with the
/// servers' own tools: same schema dump, same rows in every table.
func expectIdentical(
    _ engine: Engine, source: String, restoredFrom backup: String, jobs: Int = 2,
    sourceLocation: SourceLocation = #_sourceLocation
) throws {
    try ScratchDatabase.with(engine, prefix: "rs") { target in
        _ = try RestoreRunner.run(try target.config, options: RestoreOptions(input: backup, jobs: jobs))
        let expectedSchema = try IndependentChecks.referenceSchemaText(engine, database: source)
        let actualSchema = try IndependentChecks.schemaText(engine, database: target.name)
        #expect(
            actualSchema == expectedSchema, "schema of \(source) differs after restore", sourceLocation: sourceLocation)
        if actualSchema != expectedSchema {
            let a = expectedSchema.split(separator: "\n"), b = actualSchema.split(separator: "\n")
            for (x, y) in zip(a, b) where x != y {
                Issue.record("first difference:\n  source:   \(x)\n  restored: \(y)", sourceLocation: sourceLocation)
                break
            }
        }
        let expectedRows = try IndependentChecks.tableChecksums(engine, database: source)
        let actualRows = try IndependentChecks.tableChecksums(engine, database: target.name)
        #expect(!expectedRows.isEmpty, sourceLocation: sourceLocation)
        for (table, checksum) in expectedRows {
            #expect(
                actualRows[table] == checksum, "rows of \(source).\(table) differ after restore",
                sourceLocation: sourceLocation)
        }
        #expect(Set(actualRows.keys) == Set(expectedRows.keys), sourceLocation: sourceLocation)
        #expect(
            try IndependentChecks.counters(engine, database: target.name)
                == IndependentChecks.counters(engine, database: source),
            "sequences / AUTO_INCREMENT counters differ after restore", sourceLocation: sourceLocation)
    }
}

/// What a restore test starts from: a scratch database made by `setup`, backed up to a
/// temporary folder, and an empty scratch target; `body` gets the backup's path and the target.
func withBackupAndTarget(
    _ engine: Engine, prefix: String, setup: String,
    _ body: (_ backup: String, _ target: ScratchDatabase) throws -> Void
) throws {
    try ScratchDatabase.with(engine, prefix: prefix) { source in
        let connection = try source.connect()
        try connection.executeScript(setup)
        connection.close()
        try withTemporaryDirectory { folder in
            _ = try BackupRunner.run(try source.config, options: BackupOptions(output: folder + "/b"))
            try ScratchDatabase.with(engine, prefix: prefix + "t") { target in try body(folder + "/b", target) }
        }
    }
}

func config(_ engine: Engine, _ database: String) throws -> ConnectionConfig {
    try TestServers.config(engine, database: database)
}
