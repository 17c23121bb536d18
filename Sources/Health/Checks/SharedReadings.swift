import Analytics
import DBCore
import Foundation

/// Readings several checks need, fetched at most once per run.
final class SharedReadings {
    private let connection: DatabaseConnection
    private var status: [String: String]?
    private var variables: [String: String]?
    private var maintenance: [Row]?
    private var wsrep: [String: String]??
    private var queueReading: QueueProbe.Reading??

    init(connection: DatabaseConnection) { self.connection = connection }

    /// MySQL SHOW GLOBAL STATUS values by lower-cased name.
    func mysqlStatus() throws -> [String: String] {
        if let status { return status }
        let loaded = try keyValues(connection.named(.healthStatus))
        status = loaded
        return loaded
    }

    func mysqlVariables() throws -> [String: String] {
        if let variables { return variables }
        let loaded = try keyValues(connection.named(.healthVariables))
        variables = loaded
        return loaded
    }

    /// MySQL/MariaDB: Galera's wsrep status by lower-cased name; nil on a server that is
    /// not a Galera node.
    func galeraStatus() throws -> [String: String]? {
        if let wsrep { return wsrep }
        let loaded = GaleraNode.isOn(connection) ? try keyValues(connection.named(.healthWsrepStatus)) : nil
        wsrep = .some(loaded)
        return loaded
    }

    /// The application's work queue, if this database has one (both queue checks read it).
    func queue(_ options: HealthOptions) throws -> QueueProbe.Reading? {
        if let queueReading { return queueReading }
        let loaded = try QueueProbe.read(
            connection, profiles: options.profiles, window: options.queueWindow, now: Date())
        queueReading = .some(loaded)
        return loaded
    }

    /// PostgreSQL: each table's autovacuum and autoanalyze standing (vacuum_overdue and
    /// analyze_overdue read the same rows).
    func postgresMaintenance() throws -> [Row] {
        if let maintenance { return maintenance }
        let loaded = try connection.named(.healthMaintenance).rows
        maintenance = loaded
        return loaded
    }

    private func keyValues(_ result: ResultSet) -> [String: String] {
        var out: [String: String] = [:]
        for row in result.rows {
            if let name = row[0], let value = row[1] { out[name.lowercased()] = value }
        }
        return out
    }
}
