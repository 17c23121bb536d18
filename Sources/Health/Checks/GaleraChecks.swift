import DBCore
import Foundation

/// MariaDB Galera cluster checks, read from the node dbops connects to (its wsrep status):
/// the component it is in, its own state, flow control, its queues, and the transactions
/// the cluster threw out. On a server that is not a Galera node each says so and is OK.
enum GaleraChecks {
    static var all: [CheckDefinition] { [cluster, nodeState, flowControl, queues, conflicts] }

    static func reading(_ context: CheckContext) throws -> [String: String]? {
        try context.shared.galeraStatus()
    }

    static func number(_ status: [String: String], _ name: String) -> Double {
        Double(status[name] ?? "") ?? 0
    }

    static let notGalera = Measurement(value: nil, unit: nil, summary: "not a Galera node")

    static let cluster = CheckDefinition(
        name: "galera_cluster",
        help:
            "The node's cluster component: CRITICAL unless Primary; WARNING with fewer nodes than [health] galera_cluster_size.",
        defaults: Thresholds()
    ) { context in
        guard let status = try reading(context) else { return notGalera }
        let size = number(status, "wsrep_cluster_size")
        let component = status["wsrep_cluster_status"] ?? "?"
        let expected = context.options.galeraClusterSize
        var summary = "\(component) component, \(Int(size))"
        summary += expected.map { " of \($0) nodes" } ?? " node(s)"
        var m = Measurement(
            value: size, unit: "count", summary: summary,
            details: [
                [
                    "cluster_status": .string(component), "cluster_size": .number(size),
                    "incoming_addresses": .string(status["wsrep_incoming_addresses"] ?? ""),
                    "cluster_conf_id": JSONValue.from(text: status["wsrep_cluster_conf_id"]),
                    "last_committed": JSONValue.from(text: status["wsrep_last_committed"]),
                ]
            ],
            metrics: ["cluster_size": size])
        if component != "Primary" {
            m.status = .critical
            m.summary += ": this node is cut off from the cluster's quorum and refuses queries"
        } else if let expected, Int(size) < expected {
            m.status = .warning
            m.summary += ": \(expected - Int(size)) missing"
        }
        return m
    }

    static let nodeState = CheckDefinition(
        name: "galera_node_state",
        help: "The node's own state: Synced is OK; Donor/Desynced a WARNING; Joining, Joined or not ready CRITICAL.",
        defaults: Thresholds()
    ) { context in
        guard let status = try reading(context) else { return notGalera }
        let state = status["wsrep_local_state_comment"] ?? "?"
        let ready = status["wsrep_ready"] == "ON"
        var m = Measurement(
            value: nil, unit: nil,
            summary: "\(state)" + (ready ? "" : ", not ready for queries (wsrep_ready OFF)"))
        switch state {
        case "Synced" where ready: break
        case "Donor/Desynced":
            m.status = .warning
            m.summary += ": sending a state transfer or desynced by hand; it lags the cluster meanwhile"
        default: m.status = .critical
        }
        return m
    }

    static let flowControl = CheckDefinition(
        name: "galera_flow_control",
        help:
            "Share of time replication was paused by flow control, in percent, since the previous run with --snapshot (else since the node started or the last FLUSH STATUS): a node cannot keep up.",
        defaults: Thresholds(warning: 10, critical: 50)
    ) { context in
        guard let status = try reading(context) else { return notGalera }
        var counters = [
            "paused_ns": number(status, "wsrep_flow_control_paused_ns"),
            "sent": number(status, "wsrep_flow_control_sent"), "recv": number(status, "wsrep_flow_control_recv"),
        ]
        var share = number(status, "wsrep_flow_control_paused")
        var window = "since the node started or the last FLUSH STATUS"
        if let path = context.options.snapshotFile, status["wsrep_flow_control_paused_ns"] != nil {
            // The node's gcomm UUID is new after a restart: no reading of an earlier life.
            let key = "galera/" + (status["wsrep_gcomm_uuid"] ?? context.connection.config.redacted)
            let now = Date()
            var previous: CounterSnapshot.Reading?
            var stored = true
            do {
                previous = try CounterSnapshot.exchange(key, counters: counters, at: now, path: path)
            } catch {
                stored = false
                window += " (\(path) could not be written: \(HealthRunner.describe(error)))"
            }
            let elapsed = previous.map { now.timeIntervalSince($0.takenAt) } ?? 0
            if stored, let before = previous?.counters, elapsed > 0,
                counters.allSatisfy({ name, value in value >= before[name] ?? .infinity })
            {
                share = min(1, (counters["paused_ns"]! - before["paused_ns"]!) / (elapsed * 1e9))
                for name in ["sent", "recv"] { counters[name]! -= before[name]! }
                window = "since the previous run \(Format.duration(elapsed)) ago"
            } else if stored {
                window +=
                    previous == nil ? " (first reading stored)" : " (the counters were reset since the previous run)"
            }
        }
        let paused = (share * 1000).rounded() / 10
        let sent = counters["sent"]!, received = counters["recv"]!
        return Measurement(
            value: paused, unit: "percent",
            summary:
                "replication paused \(Format.number(paused))% of the time \(window); \(Int(sent)) pause request(s) sent by this node, \(Int(received)) received"
                + (sent > 0 ? " (this node is the slow one)" : ""),
            metrics: ["flow_control_sent": sent, "flow_control_recv": received])
    }

    static let queues = CheckDefinition(
        name: "galera_queues",
        help:
            "Average receive queue (write sets waiting to be applied here) since the last FLUSH STATUS; the send queue in metrics.",
        defaults: Thresholds(warning: 1, critical: 10)
    ) { context in
        guard let status = try reading(context) else { return notGalera }
        let receive = number(status, "wsrep_local_recv_queue_avg")
        let send = number(status, "wsrep_local_send_queue_avg")
        return Measurement(
            value: (receive * 100).rounded() / 100, unit: "count",
            summary:
                "receive queue \(Format.number(receive)) on average (now \(Int(number(status, "wsrep_local_recv_queue")))), send queue \(Format.number(send))",
            metrics: ["recv_queue_avg": receive, "send_queue_avg": send])
    }

    static let conflicts = CheckDefinition(
        name: "galera_conflicts",
        help:
            "Transactions of this node rolled back by the cluster since start: certification failures plus brute-force aborts; no limits by default.",
        defaults: Thresholds()
    ) { context in
        guard let status = try reading(context) else { return notGalera }
        let certification = number(status, "wsrep_local_cert_failures")
        let bruteForce = number(status, "wsrep_local_bf_aborts")
        return Measurement(
            value: certification + bruteForce, unit: "count",
            summary: "\(Int(certification)) certification failure(s), \(Int(bruteForce)) brute-force abort(s)"
                + (certification + bruteForce > 0 ? ": writers on several nodes touch the same rows" : ""),
            metrics: ["cert_failures": certification, "bf_aborts": bruteForce])
    }
}
