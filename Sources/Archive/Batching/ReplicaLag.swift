import DBCore
import Foundation

/// How far behind the replicas are, in seconds. PostgreSQL primaries report their
/// standbys' replay lag; replicas named in the options are asked directly (MySQL
/// primaries know nothing of their replicas' lag).
final class ReplicaLagMonitor {
    private let primary: DatabaseConnection
    private let replicaConfigs: [ConnectionConfig]
    private var replicaConnections: [Int: DatabaseConnection] = [:]
    /// Standbys seen behind with their replay position unchanged since when.
    private var stalled: [String: (lsn: String, since: Date)] = [:]

    /// Checks that every named replica answers and is a replica: a typo in --replica
    /// must fail at once, not throttle the job until its time runs out.
    init(primary: DatabaseConnection, replicas: [ConnectionConfig]) throws {
        self.primary = primary
        replicaConfigs = replicas
        for (i, config) in replicas.enumerated() {
            let connection = try Database.connect(config)
            replicaConnections[i] = connection
            guard try !connection.named(.maintenanceReplicaLag).rows.isEmpty else {
                throw DBError(.clientError, "--replica \(config.redacted) is not a replica (it replicates from nobody)")
            }
        }
    }

    deinit { replicaConnections.values.forEach { $0.close() } }

    /// The worst lag and who has it; nil seconds when a replica cannot say (its
    /// replication stopped, or it cannot be reached), which counts as too far behind.
    func worst() -> (seconds: Double?, replica: String) {
        var worst: (Double?, String) = (0, "")
        func consider(_ seconds: Double?, _ name: String) {
            guard let current = worst.0 else { return }
            guard let seconds else { worst = (nil, name); return }
            if seconds > current { worst = (seconds, name) }
        }
        if primary.capabilities.primaryReportsReplicaLag, let rows = try? primary.named(.maintenanceStandbyLag).rows {
            for row in rows {
                let name = row["name"] ?? "?"
                consider(
                    max(
                        row.double("lag_seconds") ?? 0,
                        stalledSeconds(name, lsn: row["replay_lsn"] ?? "", behind: row.double("behind_bytes") ?? 0)),
                    "standby \(name)")
            }
        }
        for (i, config) in replicaConfigs.enumerated() {
            consider(lag(ofReplica: i, config), config.redacted)
        }
        return worst
    }

    /// How long a standby that is behind has replayed nothing (0 when it moves or is level).
    private func stalledSeconds(_ name: String, lsn: String, behind: Double) -> Double {
        guard behind > 0 else { stalled[name] = nil; return 0 }
        if let previous = stalled[name], previous.lsn == lsn { return Date().timeIntervalSince(previous.since) }
        stalled[name] = (lsn, Date())
        return 0
    }

    private func lag(ofReplica index: Int, _ config: ConnectionConfig) -> Double? {
        do {
            let connection: DatabaseConnection
            if let open = replicaConnections[index], !open.isBroken {
                connection = open
            } else {
                var limited = config
                limited.connectTimeout = min(config.connectTimeout, 5)
                limited.replyTimeout = 5
                connection = try Database.connect(limited)
                replicaConnections[index] = connection
            }
            guard let row = try connection.named(.maintenanceReplicaLag).rows.first else { return nil }
            return (row["lag_seconds"] ?? row["Seconds_Behind_Master"] ?? row["Seconds_Behind_Source"]).flatMap(
                Double.init)
        } catch {
            replicaConnections[index]?.close()
            replicaConnections[index] = nil
            return nil
        }
    }
}
