extension EngineCapabilities {
    public static let mysql = EngineCapabilities(
        dumpSchema: { _ in "" },
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
        serverDatabase: nil,
        databaseListGap: { connection in
            // Grants that cannot be read (or a role that cannot be judged) are no reason to
            // refuse: the list is then taken as it is, as before.
            let grants = MySQLGrants.own(connection)
            guard !grants.isEmpty, MySQLGrants.seesEveryDatabase(grants) == .notHeld else { return nil }
            let user = connection.config.user ?? "<user>"
            return
                "sees only the databases it holds a privilege on (neither SHOW DATABASES nor a privilege on *.*), so others would be left out without a word; GRANT SHOW DATABASES ON *.* TO '\(user)'@'<host>'"
        },
        finiteOrNull: nil,
        carriedTypes: carriedTypes)

    private static let carriedTypes: [String: KeyCarrier] = {
        let hex = KeyCarrier(read: { "HEX(\($0))" }, bind: { "UNHEX(\($0))" })
        var carriers = Dictionary(
            uniqueKeysWithValues: ["binary", "varbinary", "tinyblob", "blob", "mediumblob", "longblob"].map {
                ($0, hex)
            })
        // BIT's text is its raw bytes; compared with a binary string it would be compared
        // byte for byte against a shorter string. As a number it reads and binds exactly.
        carriers["bit"] = KeyCarrier(read: { "CAST(\($0) AS UNSIGNED)" }, bind: { "CAST(\($0) AS UNSIGNED)" })
        // FLOAT's text has six digits (1.0000001 reads as 1); its DOUBLE value is exact, and
        // MySQL compares a FLOAT with a number as the same DOUBLE.
        carriers["float"] = KeyCarrier(read: { "CAST(\($0) AS DOUBLE)" }, bind: { $0 })
        return carriers
    }()
}
