import DBCore
import Foundation
import Testing
import TestSupport

/// Every command's JSON output, on both engines, validated against its schema file under
/// schemas/: the contract monitoring and scripts parse.
@Suite("JSON output matches schemas/")
struct JSONSchemaTests {
    func expectValid(_ result: DBOpsProcess.Result, _ what: String, stderr: Bool = false) throws {
        // A command that could not report writes the error envelope to stderr instead.
        let data = stderr || result.stdoutData.isEmpty ? Data(result.stderr.utf8) : result.stdoutData
        let problems = try JSONSchemaCheck.problems(data)
        #expect(problems.isEmpty, "\(what): \(problems.prefix(5).joined(separator: "; "))\n\(result)")
    }

    @Test("Reports and jobs on both engines, and errors", arguments: Engine.allCases)
    func everyCommand(_ engine: Engine) throws {
        let app = engine == .postgres ? "infinitestories" : "scriptpal"
        let url = ["DBOPS_URL": try TestServers.url(engine, database: app)]
        for arguments in [
            ["health"], ["index-usage"], ["slow-queries"], ["analytics", "dau", "--since", "400d"],
            ["analytics", "cost", "--since", "400d"], ["cleanup", "--dry-run"], ["health", "--list"],
        ] {
            let result = try DBOpsProcess.run(arguments + ["--format", "json"], environment: url)
            #expect([0, 1, 2, 3].contains(result.exitCode), "\(arguments): \(result)")
            try expectValid(result, arguments.joined(separator: " "))
        }
        if engine == .postgres {
            for arguments in [
                ["analytics", "latency", "--since", "400d"], ["analytics", "cost", "--explain"],
                ["partitions", "--check"],
            ] {
                try expectValid(
                    try DBOpsProcess.run(arguments + ["--format", "json"], environment: url),
                    arguments.joined(separator: " "))
            }
            let storyboard = ["DBOPS_URL": try TestServers.url(engine, database: "storyboardai")]
            try expectValid(
                try DBOpsProcess.run(["archive", "--dry-run", "--format", "json"], environment: storyboard), "archive")
        }
        try withTemporaryFolder { folder in
            try ScratchDatabase.with(engine, prefix: "jsonsch") { scratch in
                let connection = try scratch.connect()
                try connection.executeScript("CREATE TABLE t (id INT PRIMARY KEY); INSERT INTO t VALUES (1), (2)")
                connection.close()
                let scratchURL = ["DBOPS_URL": try scratch.url]
                try expectValid(
                    try DBOpsProcess.run(["backup", "-o", folder + "/b", "--format", "json"], environment: scratchURL),
                    "backup")
                try expectValid(try DBOpsProcess.run(["verify", folder + "/b", "--format", "json"]), "verify")
                try expectValid(
                    try DBOpsProcess.run(["backup", "prune", folder, "--keep", "1", "--format", "json"]), "prune")
                try ScratchDatabase.with(engine, prefix: "jsonschr") { target in
                    try expectValid(
                        try DBOpsProcess.run(
                            ["restore", folder + "/b", "--format", "json"], environment: ["DBOPS_URL": try target.url]),
                        "restore")
                }
            }
        }
        // Errors, in their envelope.
        let error = try DBOpsProcess.run(["restore", "/nonexistent/b", "--format", "json"], environment: url)
        try expectValid(error, "error", stderr: true)
        let usage = try DBOpsProcess.run(["health", "--format", "json", "--bogus"])
        try expectValid(usage, "usage error", stderr: true)
    }

    func withTemporaryFolder(_ body: (String) throws -> Void) throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("dbops-json-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: path) }
        try body(path)
    }
}
