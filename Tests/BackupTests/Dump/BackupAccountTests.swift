import Backup
import DBCore
import Foundation
import Testing
import TestSupport

/// MySQL/MariaDB backups by accounts with less than every privilege: what each can back up,
/// and that none of them gets a backup that looks complete and is not.
@Suite("MySQL/MariaDB backup accounts")
struct BackupAccountTests {
    /// Runs `body` with a fresh account on the test server; `grants` take `%DB%` for the
    /// scratch schema's quoted name and `%U%` for the account.
    func withAccount(
        _ schema: ScratchDatabase, grants: [String], _ body: (ConnectionConfig, String) throws -> Void
    ) throws {
        let admin = try TestServers.connect(.mysql)
        defer { admin.close() }
        let user = "dbops_acc_\(UUID().uuidString.prefix(6).lowercased())"
        let account = "'\(user)'@'127.0.0.1'"
        // Account statements take no placeholders; the names are generated here, not input.
        try admin.executeScript("CREATE USER \(account) IDENTIFIED BY 'account-pw'")
        defer { try? admin.executeScript("DROP USER \(account)") }
        for grant in grants {
            try admin.executeScript(
                grant.replacingOccurrences(of: "%DB%", with: admin.dialect.quote(schema.name))
                    .replacingOccurrences(of: "%U%", with: account))
        }
        var config = try schema.config
        config.user = user
        config.password = Secret("account-pw")
        try body(config, user)
    }

    func withTables(_ body: (ScratchDatabase) throws -> Void) throws {
        try ScratchDatabase.with(.mysql, prefix: "acct") { scratch in
            let connection = try scratch.connect()
            defer { connection.close() }
            try connection.executeScript(
                """
                CREATE TABLE a (id INT PRIMARY KEY); INSERT INTO a SELECT seq FROM seq_1_to_300;
                CREATE TABLE b (id INT PRIMARY KEY); INSERT INTO b SELECT seq FROM seq_1_to_200;
                CREATE TABLE c (id INT PRIMARY KEY); INSERT INTO c SELECT seq FROM seq_1_to_100;
                """)
            try body(scratch)
        }
    }

    /// Each table's row count, from the backup's manifest.
    func rows(_ folder: String) throws -> [String: Int] {
        let manifest =
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: folder + "/manifest.json")))
            as? [String: Any]
        let tables = manifest?["tables"] as? [[String: Any]] ?? []
        return Dictionary(uniqueKeysWithValues: tables.map { ($0["name"] as? String ?? "", $0["rows"] as? Int ?? -1) })
    }

    @Test("Without RELOAD or SLAVE MONITOR: one worker, every table, and the manifest says why")
    func withoutReload() throws {
        try withTables { scratch in
            try withAccount(scratch, grants: ["GRANT SELECT, SHOW VIEW ON %DB%.* TO %U%"]) { config, _ in
                try withTemporaryDirectory { folder in
                    let summary = try BackupRunner.run(config, options: BackupOptions(output: folder + "/b", jobs: 2))
                    #expect(try rows(folder + "/b") == ["a": 300, "b": 200, "c": 100])
                    #expect(summary.warnings.contains { $0.contains("no RELOAD privilege") }, "\(summary.warnings)")
                    // Nor SLAVE MONITOR: on a replica the source's position would be missing.
                    #expect(
                        summary.warnings.contains { $0.hasPrefix("replica status not readable") }, "\(summary.warnings)"
                    )
                }
            }
        }
    }

    @Test("SELECT on some tables only: refused naming the grant and --table; --table backs up those")
    func someTablesOnly() throws {
        try withTables { scratch in
            try withAccount(scratch, grants: ["GRANT SELECT ON %DB%.a TO %U%", "GRANT RELOAD ON *.* TO %U%"]) {
                config, user in
                try withTemporaryDirectory { folder in
                    let refused = #expect(throws: DBError.self) {
                        _ = try BackupRunner.run(config, options: BackupOptions(output: folder + "/all"))
                    }
                    #expect(refused?.message.contains("holds SELECT on some tables of \(scratch.name)") == true)
                    #expect(refused?.message.contains("TO '\(user)'@'<host>', or name the tables") == true)
                    #expect(!FileManager.default.fileExists(atPath: folder + "/all"))
                    var chosen = BackupOptions(output: folder + "/chosen")
                    chosen.include = ["a"]
                    _ = try BackupRunner.run(config, options: chosen)
                    #expect(try rows(folder + "/chosen") == ["a": 300])
                }
            }
        }
    }

    @Test("SELECT through a role: the whole schema")
    func throughRole() throws {
        let role = "dbops_reader_\(UUID().uuidString.prefix(6).lowercased())"
        let admin = try TestServers.connect(.mysql)
        defer { admin.close() }
        try admin.executeScript("CREATE ROLE \(role)")
        defer { try? admin.executeScript("DROP ROLE \(role)") }
        try withTables { scratch in
            try withAccount(
                scratch,
                grants: [
                    "GRANT SELECT, SHOW VIEW ON %DB%.* TO \(role)", "GRANT \(role) TO %U%",
                    "SET DEFAULT ROLE \(role) FOR %U%",
                ]
            ) { config, _ in
                try withTemporaryDirectory { folder in
                    _ = try BackupRunner.run(config, options: BackupOptions(output: folder + "/b"))
                    #expect(try rows(folder + "/b") == ["a": 300, "b": 200, "c": 100])
                }
            }
        }
    }
}
