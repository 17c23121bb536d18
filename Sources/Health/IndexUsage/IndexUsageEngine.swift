import DBCore

/// What reads one engine's indexes and their use: PostgresIndexUsage, MySQLIndexUsage.
protocol IndexUsageEngine {
    /// Every finding on the target (scans on `others` counted too), and how long the usage
    /// counters have been gathering (nil: unknown).
    static func analyze(_ connection: DatabaseConnection, others: [DatabaseConnection], options: IndexUsageOptions,
                        undetermined: inout [String]) throws -> (findings: [IndexFinding], statsAge: Double?)
}

enum IndexUsageEngines {
    static let all: [Engine: IndexUsageEngine.Type] = [.postgres: PostgresIndexUsage.self, .mysql: MySQLIndexUsage.self]

    static func `for`(_ engine: Engine) -> IndexUsageEngine.Type {
        all[engine] ?? PostgresIndexUsage.self
    }
}
