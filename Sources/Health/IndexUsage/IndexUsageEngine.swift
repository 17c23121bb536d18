import DBCore

/// What reads one engine's indexes and their use: PostgresIndexUsage, MySQLIndexUsage.
protocol IndexUsageEngine {
    /// Every finding on the target (scans on `others` counted too), and how long the usage
    /// counters have been gathering (nil: unknown).
    static func analyze(
        _ connection: DatabaseConnection, others: [DatabaseConnection], options: IndexUsageOptions,
        undetermined: inout [String]
    ) throws -> (findings: [IndexFinding], statsAge: Double?)
}

extension Engine {
    /// This engine's implementation of IndexUsageEngine.
    var indexUsage: IndexUsageEngine.Type { Self.indexUsageImplementations[self] ?? PostgresIndexUsage.self }

    private static let indexUsageImplementations: [Engine: IndexUsageEngine.Type] = [
        .postgres: PostgresIndexUsage.self, .mysql: MySQLIndexUsage.self,
    ]
}
