import DBCore
import Foundation

/// Galera flow control, as a maintenance job throttles on it: the share of the time since
/// the last reading that the cluster spent paused because some node could not keep up
/// (wsrep_flow_control_paused_ns, a counter). A job that keeps writing then only makes the
/// slow node slower; waiting lets it catch up, as waiting for a lagging replica does.
final class FlowControlMonitor {
    private let connection: DatabaseConnection
    private var last: (pausedNanoseconds: Double, at: Double)?
    private let clock = Stopwatch()
    /// wsrep_max_ws_rows: the node refuses a write set with more rows (0: no limit).
    let maxWriteSetRows: Int

    /// nil on a server that is not a Galera node.
    init?(_ connection: DatabaseConnection) {
        guard let row = (try? connection.named(.maintenanceFlowControl))?.first, row["paused_ns"] != nil else {
            return nil
        }
        self.connection = connection
        maxWriteSetRows = Int(row["max_ws_rows"] ?? "") ?? 0
        last = (row.double("paused_ns") ?? 0, clock.seconds)
    }

    /// Paused share (0...1) since the previous call; nil when it cannot be read.
    func pausedShare() -> Double? {
        guard let paused = (try? connection.named(.maintenanceFlowControl))?.first?.double("paused_ns") else {
            return nil
        }
        let now = clock.seconds
        defer { last = (paused, now) }
        guard let last, now > last.at else { return 0 }
        return min(1, max(0, (paused - last.pausedNanoseconds) / 1e9 / (now - last.at)))
    }
}
