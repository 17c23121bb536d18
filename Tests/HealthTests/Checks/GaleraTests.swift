import DBCore
import Foundation
import Health
import Testing
import TestSupport

/// Health on a real three-node MariaDB Galera cluster (Debian's galera-4, rsync state
/// transfer, scripts/galera.sh): a healthy cluster is Primary, 3 of 3, Synced; a killed
/// node turns the others' reports to WARNING (2 of 3) until it rejoins; a node that
/// cannot apply (its applier behind a LOCK TABLES) makes the cluster pause, which the flow
/// control check shows since its previous run (--snapshot), and no longer once it caught up. One test at a time: they change the cluster.
@Suite("Health on a Galera cluster", .serialized)
struct GaleraTests {
    static func report(
        node: Int, _ checks: [String], expected: Int? = 3, warn: [String: Double] = [:], snapshot: String? = nil
    ) throws -> HealthReport {
        var thresholds: [String: Thresholds] = [:]
        for info in HealthRunner.catalog(for: .mysql) { thresholds[info.name] = info.defaults }
        for (name, value) in warn { thresholds[name]?.warning = value }
        var options = HealthOptions(checks: checks, thresholds: thresholds)
        options.galeraClusterSize = expected
        options.snapshotFile = snapshot
        return HealthRunner.run(try GaleraCluster.config(node: node), options: options)
    }

    @Test func healthyClusterReplicatesAndIsPrimaryThreeOfThree() throws {
        try GaleraCluster.exclusively {
            let first = try GaleraCluster.connect(node: 1)
            defer { first.close() }
            let name = "dbops_galera_\(UUID().uuidString.prefix(8).lowercased())"
            try first.executeScript(
                "CREATE DATABASE \(name); CREATE TABLE \(name).t (id INT PRIMARY KEY); INSERT INTO \(name).t VALUES (1)"
            )
            defer { try? first.executeScript("DROP DATABASE \(name)") }
            let third = try GaleraCluster.connect(node: 3)
            defer { third.close() }
            // Applying on the other nodes follows the commit: a causal read waits for it.
            try third.execute("SET SESSION wsrep_sync_wait = 1")
            #expect(
                try third.scalar("SELECT COUNT(*) FROM \(name).t") == "1", "a real cluster: node 3 has node 1's row")
            for node in 1...GaleraCluster.nodes {
                let report = try Self.report(node: node, ["galera_cluster", "galera_node_state", "galera_conflicts"])
                let cluster = try #require(report.check("galera_cluster"))
                #expect(cluster.status == .ok && cluster.value == 3, "node \(node): \(cluster.summary)")
                #expect(cluster.summary.hasPrefix("Primary component, 3 of 3 nodes"))
                #expect(report.check("galera_node_state")?.summary == "Synced")
                #expect(report.status == .ok, "\(report.checks.map(\.summary))")
            }
            // A server that is not a Galera node says so and is OK.
            let plain = runChecks(try TestServers.config(.mysql), ["galera_cluster", "galera_flow_control"])
            #expect(plain.check("galera_cluster")?.summary == "not a Galera node" && plain.status == .ok)
        }
    }

    @Test func killedNodeMakesTheOthersWarnUntilItRejoins() throws {
        try GaleraCluster.exclusively {
            try GaleraCluster.script(["kill-node", "3"])
            defer { try? GaleraCluster.script(["start-node", "3"]) }
            var report = try Self.report(node: 1, ["galera_cluster", "galera_node_state"])
            // The survivors notice the loss within the group's suspect timeout.
            for _ in 0..<100 where report.check("galera_cluster")?.value == 3 {
                Thread.sleep(forTimeInterval: 0.2)
                report = try Self.report(node: 1, ["galera_cluster", "galera_node_state"])
            }
            let cluster = try #require(report.check("galera_cluster"))
            #expect(cluster.status == .warning && cluster.value == 2, "\(cluster.summary)")
            #expect(cluster.summary.contains("2 of 3 nodes"), "\(cluster.summary)")
            #expect(report.check("galera_node_state")?.status == .ok, "the survivors stay Synced")
            let other = try Self.report(node: 2, ["galera_cluster"])
            #expect(other.check("galera_cluster")?.status == .warning)
            // Without an expected size, two Primary nodes are fine.
            #expect(try Self.report(node: 1, ["galera_cluster"], expected: nil).status == .ok)

            try GaleraCluster.script(["start-node", "3"])
            let back = try Self.report(node: 1, ["galera_cluster"])
            #expect(back.check("galera_cluster")?.value == 3 && back.status == .ok, "\(back.checks.map(\.summary))")
        }
    }

    @Test func nodeThatCannotApplyPausesTheClusterByFlowControl() throws {
        try GaleraCluster.exclusively {
            let first = try GaleraCluster.connect(node: 1)
            let third = try GaleraCluster.connect(node: 3)
            defer {
                _ = try? third.execute("UNLOCK TABLES")
                third.close()
                first.close()
            }
            let name = "dbops_fc_\(UUID().uuidString.prefix(8).lowercased())"
            try first.executeScript("CREATE DATABASE \(name); CREATE TABLE \(name).t (id INT PRIMARY KEY, v INT)")
            defer { try? first.executeScript("DROP DATABASE \(name)") }
            Thread.sleep(forTimeInterval: 0.5)
            // One snapshot file for both nodes (as a fleet would share it): each run is judged
            // against the node's previous reading, not since the node started.
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("dbops-fc-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: folder) }
            let snapshot = folder.appendingPathComponent("health.json").path
            for node in [1, 3] {
                let first = try #require(
                    try Self.report(node: node, ["galera_flow_control"], snapshot: snapshot).check(
                        "galera_flow_control"))
                #expect(first.summary.contains("(first reading stored)"), "\(first.summary)")
            }
            // Node 3's applier waits behind a table lock taken there; its receive queue passes
            // gcs.fc_limit (16) and it asks the cluster to pause. (FLUSH TABLES WITH READ
            // LOCK would not do: it desyncs the node, which then sends no flow control.)
            try third.execute("LOCK TABLES \(name).t WRITE")
            let writer = try GaleraCluster.connect(node: 1, database: name)
            let work = Background {
                for id in 1...200 { _ = try? writer.execute("INSERT INTO t VALUES (\(id), 0)") }
            }
            Thread.sleep(forTimeInterval: 3)
            let paused = try Self.report(
                node: 3, ["galera_flow_control", "galera_queues"], warn: ["galera_flow_control": 1],
                snapshot: snapshot)
            try third.execute("UNLOCK TABLES")
            work.wait()
            writer.close()
            let control = try #require(paused.check("galera_flow_control"))
            #expect((control.metrics["flow_control_sent"] ?? 0) >= 1, "node 3 asked for a pause: \(control.summary)")
            // Paused for most of the three seconds since the previous run.
            #expect((control.value ?? 0) > 20 && control.status != .ok, "\(control.summary)")
            #expect(control.summary.contains("since the previous run"), "\(control.summary)")
            #expect(control.summary.contains("this node is the slow one"))
            let onFirst = try #require(
                try Self.report(node: 1, ["galera_flow_control"], snapshot: snapshot).check("galera_flow_control"))
            #expect((onFirst.metrics["flow_control_recv"] ?? 0) >= 1, "node 1 was paused: \(onFirst.summary)")
            #expect(
                try first.scalar("SELECT COUNT(*) FROM \(name).t") == "200", "every write went through once resumed")
            // Once node 3 has caught up, the next run sees no pause since the one before.
            Thread.sleep(forTimeInterval: 1)
            _ = try Self.report(node: 3, ["galera_flow_control"], snapshot: snapshot)
            Thread.sleep(forTimeInterval: 1)
            let calm = try #require(
                try Self.report(node: 3, ["galera_flow_control"], snapshot: snapshot).check("galera_flow_control"))
            #expect(calm.value == 0 && calm.metrics["flow_control_sent"] == 0, "\(calm.summary)")
            #expect(calm.status == .ok)
        }
    }

    /// The node's error log, where Galera notes each desync.
    static func desyncs(node: Int) throws -> Int {
        try GaleraCluster.errorLog(node: node).components(separatedBy: "desynched from group").count - 1
    }

    @Test func backupFromANodeLeavesItSyncedUnlessAskedAndRecordsThePositionWhenAsked() throws {
        try GaleraCluster.exclusively {
            let first = try GaleraCluster.connect(node: 1)
            defer { first.close() }
            let name = "dbops_gbk_\(UUID().uuidString.prefix(8).lowercased())"
            try first.executeScript(
                "CREATE DATABASE \(name); CREATE TABLE \(name).t (id INT PRIMARY KEY, v TEXT); INSERT INTO \(name).t SELECT seq, MD5(seq) FROM seq_1_to_5000"
            )
            defer { try? first.executeScript("DROP DATABASE \(name)") }
            let second = try GaleraCluster.connect(node: 2)
            defer { second.close() }
            try second.execute("SET SESSION wsrep_sync_wait = 1")
            #expect(try second.scalar("SELECT COUNT(*) FROM \(name).t") == "5000")
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("dbops-gbk-\(UUID().uuidString)")
                .path
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(atPath: folder) }
            let url = try GaleraCluster.url(node: 2).replacingOccurrences(of: "/mysql", with: "/\(name)")

            let before = try Self.desyncs(node: 2)
            let plain = try DBOpsProcess.run(
                ["backup", "-o", folder + "/plain", "-j", "2"], environment: ["DBOPS_URL": url])
            #expect(plain.exitCode == 0, "\(plain)")
            #expect(try Self.desyncs(node: 2) == before, "the node was not desynced")
            let plainManifest = try String(contentsOfFile: folder + "/plain/manifest.json", encoding: .utf8)
            #expect(!plainManifest.contains("galera_position"), "no exact position without holding commits")

            let asked = try DBOpsProcess.run(
                ["backup", "-o", folder + "/desync", "-j", "2", "--galera-desync"], environment: ["DBOPS_URL": url])
            #expect(asked.exitCode == 0, "\(asked)")
            #expect(try Self.desyncs(node: 2) == before + 1, "desynced once, as asked")
            let object = try #require(
                try JSONSerialization.jsonObject(
                    with: Data(contentsOf: URL(fileURLWithPath: folder + "/desync/manifest.json")))
                    as? [String: Any])
            let position = try #require((object["snapshot"] as? [String: Any])?["galera_position"] as? String)
            let uuid = try GaleraCluster.status(second, "wsrep_local_state_uuid") ?? "?"
            let committed = Int(try GaleraCluster.status(second, "wsrep_last_committed") ?? "") ?? 0
            #expect(position.hasPrefix(uuid + ":"), "\(position)")
            #expect((Int(position.split(separator: ":").last ?? "") ?? .max) <= committed)
            #expect(try GaleraCluster.status(second, "wsrep_local_state_comment") == "Synced")
            #expect(try DBOpsProcess.run(["verify", folder + "/desync"]).exitCode == 0)
        }
    }

    @Test func frozenNodeIsDroppedAndHealthNeverHangs() throws {
        try GaleraCluster.exclusively {
            try GaleraCluster.script(["freeze-node", "3"])
            var thawed = false
            defer {
                if !thawed { try? GaleraCluster.script(["thaw-node", "3"]) }
            }
            // Health on the others answers at once all along (it reads this node's status;
            // nothing waits on the frozen one) and sees the group drop it.
            var dropped = false
            for _ in 0..<60 {
                let clock = Date()
                let report = try Self.report(node: 1, ["galera_cluster", "galera_node_state"])
                #expect(Date().timeIntervalSince(clock) < 3, "health must not hang on a frozen node")
                if report.check("galera_cluster")?.value == 2 {
                    #expect(report.check("galera_cluster")?.status == .warning)
                    #expect(report.check("galera_node_state")?.status == .ok)
                    dropped = true
                    break
                }
                Thread.sleep(forTimeInterval: 0.25)
            }
            #expect(dropped, "the group drops a node silent past evs.inactive_timeout")
            try GaleraCluster.script(["thaw-node", "3"])
            thawed = true
            // Back: it rejoins by itself, or is restarted.
            var size = 0.0
            for _ in 0..<60 {
                size = try Self.report(node: 1, ["galera_cluster"]).check("galera_cluster")?.value ?? 0
                if size == 3 { break }
                Thread.sleep(forTimeInterval: 0.5)
            }
            if size != 3 {
                try GaleraCluster.script(["kill-node", "3"])
                try GaleraCluster.script(["start-node", "3"])
            }
            #expect(try Self.report(node: 1, ["galera_cluster"]).check("galera_cluster")?.value == 3)
        }
    }
}
