extension EngineCapabilities {
    public static let mysql = EngineCapabilities(
        dumpName: { _, table in table },
        temporarySchema: { $0 },
        dropTemporaryTableSQL: { "DROP TEMPORARY TABLE IF EXISTS \($0)" },
        utcNowSQL: "SELECT CAST(UTC_TIMESTAMP(6) AS CHAR)",
        rowComparisonUsesIndex: false,
        // MySQL partitions live inside their table: their names need only be unique there.
        partitionName: { _, suffix in "p\(suffix)" },
        integerParameter: { $0 },
        primaryReportsReplicaLag: false,
        foreignKeyChecksSQL: { "SET SESSION foreign_key_checks = \($0 ? 1 : 0)" },
        defaultPort: 3306,
        serverDatabase: nil)
}
