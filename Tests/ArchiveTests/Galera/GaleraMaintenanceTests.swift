import DBCore
import Foundation
import Testing
import TestSupport

/// Cleanup on a real three-node Galera cluster: batches on one node while an application
/// writes on another finish without a certification failure reaching the writer; a node
/// whose applier is stalled makes the cleanup wait on flow control (--max-flow-control)
/// and finish once it catches up.
@Suite("Maintenance on a Galera cluster", .serialized)
struct GaleraMaintenanceTests {
    static func setUp(_ name: String, expired: Int) throws {
        let first = try GaleraCluster.connect(node: 1)
        defer { first.close() }
        try first.executeScript(
            """
            CREATE DATABASE \(name);
            CREATE TABLE \(name).tokens (id INT PRIMARY KEY AUTO_INCREMENT, owner INT NOT NULL, expires_at DATETIME NOT NULL, hits INT NOT NULL DEFAULT 0);
            INSERT INTO \(name).tokens (owner, expires_at) SELECT seq % 100, '2001-01-01 00:00:00' FROM seq_1_to_\(expired);
            INSERT INTO \(name).tokens (owner, expires_at) SELECT seq, '2999-01-01 00:00:00' FROM seq_1_to_200
            """)
    }

    static func config(_ folder: String) throws -> String {
        let path = folder + "/dbops.toml"
        try """
        [cleanup.rules.tokens]
        table = "tokens"
        column = "expires_at"
        """.write(toFile: path, atomically: true, encoding: .utf8)
        chmod(path, 0o600)
        return path
    }

    @Test func cleanupOnOneNodeWhileTheApplicationWritesOnAnother() throws {
        try GaleraCluster.exclusively {
            let name = "dbops_gcl_\(UUID().uuidString.prefix(8).lowercased())"
            try Self.setUp(name, expired: 20000)
            let cleanupNode = try GaleraCluster.connect(node: 1)
            defer {
                try? cleanupNode.executeScript("DROP DATABASE \(name)")
                cleanupNode.close()
            }
            let writer = try GaleraCluster.connect(node: 2, database: name)
            defer { writer.close() }
            final class Tally: @unchecked Sendable {
                var writes = 0
                var errors: [String] = []
                var stop = false
                let lock = NSLock()
            }
            let tally = Tally()
            // The application: new tokens and hits on live ones (by key, as applications
            // do), on node 2, all along.
            try writer.execute("SET SESSION wsrep_sync_wait = 1")  // see node 1's rows first
            let live = try writer.query("SELECT id FROM tokens WHERE expires_at > '2500-01-01'").rows.compactMap {
                $0[0]
            }
            try #require(live.count == 200)
            let work = Background {
                var i = 0
                while !tally.lock.withLock({ tally.stop }) {
                    i += 1
                    do {
                        try writer.execute(
                            "INSERT INTO tokens (owner, expires_at) VALUES (\(i % 100), '2999-01-01 00:00:00')")
                        try writer.execute("UPDATE tokens SET hits = hits + 1 WHERE id = \(live[i % live.count])")
                        tally.lock.withLock { tally.writes += 2 }
                    } catch {
                        tally.lock.withLock { tally.errors.append(DBError.oneLineDescription(of: error)) }
                    }
                }
            }
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("dbops-gcl-\(UUID().uuidString)")
                .path
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(atPath: folder) }
            let url = try GaleraCluster.url(node: 1).replacingOccurrences(of: "/mysql", with: "/\(name)")
            let run = try DBOpsProcess.run(
                [
                    "cleanup", "--config", try Self.config(folder), "--no-builtin", "--batch-size", "500", "--pause",
                    "0",
                    "--max-flow-control", "0.5", "--format", "json",
                ], environment: ["DBOPS_URL": url], timeout: 120)
            tally.lock.withLock { tally.stop = true }
            work.wait()
            #expect(run.exitCode == 0, "\(run)")
            #expect(tally.errors.isEmpty, "no certification failure reached the writer: \(tally.errors.prefix(3))")
            #expect(tally.writes > 0)
            #expect(
                try cleanupNode.scalar("SELECT COUNT(*) FROM \(name).tokens WHERE expires_at < '2002-01-01'") == "0")
        }
    }

    @Test func cleanupWaitsWhileANodeCannotKeepUp() throws {
        try GaleraCluster.exclusively {
            let name = "dbops_gfc_\(UUID().uuidString.prefix(8).lowercased())"
            try Self.setUp(name, expired: 3000)
            let first = try GaleraCluster.connect(node: 1)
            let third = try GaleraCluster.connect(node: 3)
            defer {
                _ = try? third.execute("UNLOCK TABLES")
                third.close()
                try? first.executeScript("DROP DATABASE \(name)")
                first.close()
            }
            // Node 3's applier stalls behind a table lock: flow control pauses the cluster.
            try third.execute("LOCK TABLES \(name).tokens WRITE")
            let release = Background {
                Thread.sleep(forTimeInterval: 4)
                _ = try? third.execute("UNLOCK TABLES")
            }
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("dbops-gfc-\(UUID().uuidString)")
                .path
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(atPath: folder) }
            let url = try GaleraCluster.url(node: 1).replacingOccurrences(of: "/mysql", with: "/\(name)")
            let run = try DBOpsProcess.run(
                [
                    "cleanup", "--config", try Self.config(folder), "--no-builtin", "--batch-size", "50", "--pause",
                    "0",
                    "--max-flow-control", "0.1", "--format", "json",
                ], environment: ["DBOPS_URL": url], timeout: 120)
            release.wait()
            #expect(run.exitCode == 0, "\(run)")
            let report = try #require(try JSONSerialization.jsonObject(with: run.stdoutData) as? [String: Any])
            let text = String(decoding: run.stdoutData, as: UTF8.self)
            #expect(text.contains("waited for Galera flow control"), "\(text)")
            #expect(report["schema"] as? String == "dbops.cleanup/v1")
            #expect(try first.scalar("SELECT COUNT(*) FROM \(name).tokens WHERE expires_at < '2002-01-01'") == "0")
        }
    }
}
