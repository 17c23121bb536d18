extension EngineCapabilities {
    public static let postgres = EngineCapabilities(
        dumpSchema: { $0 ?? "public" },
        temporarySchema: { _ in "pg_temp" },
        dropTemporaryTableSQL: { "DROP TABLE IF EXISTS pg_temp.\($0)" },
        utcNowSQL: "SELECT now()::timestamp(6)::text",
        rowComparisonUsesIndex: true,
        partitionName: { table, suffix in Dialect(engine: .postgres).fitted(table, suffix: "_\(suffix)") },
        integerParameter: { "\($0)::integer" },
        primaryReportsReplicaLag: true,
        foreignKeyChecksSQL: nil,
        defaultPort: 5432,
        serverDatabase: "postgres",
        databaseListGap: { _ in nil },
        finiteOrNull: { "NULLIF(NULLIF(NULLIF(\($0), 'NaN'), 'Infinity'), '-Infinity')" },
        carriedTypes: [:])
}
