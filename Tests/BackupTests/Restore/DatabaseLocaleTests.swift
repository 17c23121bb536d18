import DBCore
import Foundation
import Testing
import TestSupport

/// The locale a restore --create, a drill and a whole-server restore make a PostgreSQL
/// database with. It decides how the database's text sorts and compares (ORDER BY, an
/// index's order): made in the target server's default instead, a Swedish (ICU) or German
/// database came back sorting its words differently, without a word said.
@Suite("Database locale through backup and restore")
struct DatabaseLocaleTests {
    static let locale = """
        SELECT datlocprovider::text || ' ' || datcollate || ' ' || datctype || ' ' || coalesce(daticulocale, '-')
        FROM pg_database WHERE datname = current_database()
        """
    static let sorted = "SELECT string_agg(t, ' ' ORDER BY t) FROM words"

    /// A database in `options`' locale holding words it sorts its own way; the body gets it
    /// and its locale and sorted words as the catalog has them.
    static func withSource(_ options: String, _ body: (ScratchDatabase, [String?]) throws -> Void) throws {
        try ScratchDatabase.with(.postgres, prefix: "loc", options: "TEMPLATE template0 " + options) { source in
            let connection = try source.connect()
            defer { connection.close() }
            try connection.executeScript(
                "CREATE TABLE words (t text PRIMARY KEY); INSERT INTO words VALUES ('a'), ('z'), ('ä'), ('å'), ('o'), ('ö'), ('Z'), ('b')"
            )
            try body(source, [try connection.scalar(Self.locale), try connection.scalar(Self.sorted)])
        }
    }

    @Test(
        "PostgreSQL: restore --create makes the database in the source's locale (ICU, libc)",
        arguments: ["LOCALE_PROVIDER icu ICU_LOCALE 'sv-SE' LOCALE 'C.UTF-8'", "LOCALE 'de_DE.utf8'"])
    func createdInTheSourcesLocale(_ options: String) throws {
        try Self.withSource(options) { source, original in
            #expect(original[1] != "Z a b o z ä å ö", "the source sorts its own way: \(original)")
            try withTemporaryDirectory { folder in
                let made = try DBOpsProcess.run(
                    ["backup", "--output", folder + "/b"], environment: ["DBOPS_URL": try source.url])
                try #require(made.exitCode == 0, "\(made)")
                try ScratchDatabase.with(.postgres, prefix: "locdst") { target in
                    target.drop()  // a name the server lacks
                    let restored = try DBOpsProcess.run(
                        ["restore", "--create", folder + "/b"], environment: ["DBOPS_URL": try target.url])
                    #expect(restored.exitCode == 0, "\(restored)")
                    let check = try target.connect()
                    defer { check.close() }
                    #expect([try check.scalar(Self.locale), try check.scalar(Self.sorted)] == original)
                }
            }
        }
    }

    @Test(
        "PostgreSQL: a locale the server lacks fails restore --create, naming it, and a drill goes on in the server's")
    func missingLocale() throws {
        try Self.withSource("LOCALE 'C.UTF-8'") { source, _ in
            try withTemporaryDirectory { folder in
                let backup = folder + "/b"
                let made = try DBOpsProcess.run(
                    ["backup", "--output", backup], environment: ["DBOPS_URL": try source.url])
                try #require(made.exitCode == 0, "\(made)")
                // A backup of a database whose locale this server lacks: the manifest's locale
                // changed, and hashed again.
                let path = backup + "/manifest.json"
                var manifest = try #require(
                    try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path)))
                        as? [String: Any])
                manifest["locale"] = ["provider": "c", "collate": "xx_YY.UTF-8", "ctype": "xx_YY.UTF-8"]
                let data = try JSONSerialization.data(withJSONObject: manifest)
                try data.write(to: URL(fileURLWithPath: path))
                let hash = try Spawned.run("/usr/bin/sha256sum", ["manifest.json"], directory: backup)
                try hash.stdout.write(to: URL(fileURLWithPath: backup + "/manifest.sha256"))
                try ScratchDatabase.with(.postgres, prefix: "locdst") { target in
                    target.drop()
                    let refused = try DBOpsProcess.run(
                        ["restore", "--create", backup], environment: ["DBOPS_URL": try target.url])
                    #expect(refused.exitCode == 1, "\(refused)")
                    #expect(
                        refused.stderr.contains("the source database's locale (libc xx_YY.UTF-8) is not on this server")
                    )
                }
                let drill = try DBOpsProcess.run(
                    ["backup", "drill", backup, "--format", "json"],
                    environment: ["DBOPS_URL": try TestServers.url(.postgres, database: "postgres")])
                #expect(drill.exitCode == 0, "\(drill)")
                #expect(drill.stdout.contains("is not on the scratch server"), "\(drill)")
            }
        }
    }

    @Test("PostgreSQL: a whole-server backup's CREATE DATABASE keeps the locale provider and the ICU locale")
    func wholeServerDefinition() throws {
        try Self.withSource("LOCALE_PROVIDER icu ICU_LOCALE 'sv-SE' LOCALE 'C.UTF-8'") { source, original in
            let admin = try TestServers.connect(.postgres)
            defer { admin.close() }
            let create = try #require(
                try admin.named(.globalsDatabases).rows.first { $0["name"] == source.name }?["create_sql"])
            try ScratchDatabase.with(.postgres, prefix: "locdst") { target in
                target.drop()
                try admin.executeScript(create.replacingOccurrences(of: source.name, with: target.name))
                let check = try target.connect()
                defer { check.close() }
                #expect(try check.scalar(Self.locale) == original[0])
            }
        }
    }
}
