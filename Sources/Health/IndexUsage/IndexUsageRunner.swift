import DBCore
import Foundation

/// `dbops index-usage`: unused, duplicate, redundant and invalid indexes, missing-index
/// candidates, unindexed foreign keys, bloat and index-heavy tables, each with a statement
/// to review. It reads catalogs and statistics only, under short timeouts.
public enum IndexUsageRunner {
    public static func run(_ target: ConnectionConfig, label: String, options: IndexUsageOptions) throws
        -> IndexUsageReport
    {
        let connection = try open(target, options)
        defer { connection.close() }
        var others: [DatabaseConnection] = []
        defer { others.forEach { $0.close() } }
        for config in options.across {
            guard config.engine == target.engine else {
                throw DBError(.invalidTarget, "--across \(config.redacted) is not the same engine as the target")
            }
            others.append(try open(config, options))
        }
        var undetermined: [String] = []
        let (findings, age) = try connection.engine.indexUsage
            .analyze(connection, others: others, options: options, undetermined: &undetermined)
        if let age, age < 86_400 * 7 {
            undetermined.append(
                "usage counters cover only \(Format.duration(age)): an index used weekly or monthly may look unused")
        }
        let sorted = findings.sorted {
            ($0.kind.rawValue, $0.schema ?? "", $0.table, $0.index ?? "") < (
                $1.kind.rawValue, $1.schema ?? "", $1.table, $1.index ?? ""
            )
        }
        var statuses: [CheckStatus] = []
        for (name, limits) in options.thresholds {
            let count = Double(sorted.filter { $0.kind.rawValue == name }.count)
            statuses.append(limits.evaluate(count))
        }
        return IndexUsageReport(
            target: label, engine: target.engine, server: connection.server,
            servers: [target.redacted] + options.across.map(\.redacted), statsAgeSeconds: age,
            findings: sorted, undetermined: undetermined, thresholds: options.thresholds,
            status: CheckStatus.worst(statuses))
    }

    static func open(_ config: ConnectionConfig, _ options: IndexUsageOptions) throws -> DatabaseConnection {
        var limited = config
        limited.replyTimeout = (options.session.statementTimeout ?? 10) + 2
        let connection = try Database.connect(limited)
        do { try connection.apply(options.session) } catch {
            connection.close()
            throw error
        }
        return connection
    }
}
