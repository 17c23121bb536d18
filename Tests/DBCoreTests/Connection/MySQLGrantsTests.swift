@testable import DBCore
import Testing

/// SHOW GRANTS lines as MariaDB and MySQL print them, read for one question: may the
/// account read every table of the schema?
@Suite("Whole-schema SELECT from SHOW GRANTS")
struct MySQLGrantsTests {
    typealias Verdict = MySQLGrants.Verdict

    @Test(
        "Verdicts",
        arguments: [
            (["GRANT ALL PRIVILEGES ON *.* TO `dbops`@`127.0.0.1` IDENTIFIED BY PASSWORD '*AB'"], Verdict.held),
            (["GRANT USAGE ON *.* TO `u`@`%`", "GRANT SELECT, SHOW VIEW ON `app`.* TO `u`@`%`"], .held),
            (["GRANT SELECT ON `ap%`.* TO `u`@`%`"], .held),
            (["GRANT SELECT ON `a\\_p`.* TO `u`@`%`"], .notHeld),
            (["GRANT SELECT ON `other`.* TO `u`@`%`"], .notHeld),
            (["GRANT RELOAD ON *.* TO `u`@`%`", "GRANT SELECT ON `app`.`users` TO `u`@`%`"], .notHeld),
            (["GRANT SELECT (`id`, `name`) ON `app`.* TO `u`@`%`"], .notHeld),
            (["GRANT INSERT, UPDATE ON `app`.* TO `u`@`%`"], .notHeld),
            (["GRANT EXECUTE ON PROCEDURE `app`.`p` TO `u`@`%`"], .notHeld),
            // MariaDB lists the current role's grants after the user's.
            (
                ["GRANT `reader` TO `u`@`%`", "GRANT USAGE ON *.* TO `u`@`%`", "GRANT SELECT ON `app`.* TO `reader`"],
                .held
            ),
            // MySQL 8 lists the role, not what it holds.
            (["GRANT USAGE ON *.* TO `u`@`%`", "GRANT `reader`@`%` TO `u`@`%`"], .unknown),
            // A schema whose name holds the words the grant is made of.
            (["GRANT SELECT ON `app` TO `x`.* TO `u`@`%`"], .notHeld),
        ])
    func verdict(_ grants: [String], _ expected: Verdict) {
        #expect(MySQLGrants.readsWholeSchema(grants, database: "app") == expected)
    }

    @Test(
        "Whether every database is listed",
        arguments: [
            (["GRANT ALL PRIVILEGES ON *.* TO `dbops`@`127.0.0.1`"], Verdict.held),
            (["GRANT SHOW DATABASES ON *.* TO `u`@`%`"], .held),
            (["GRANT SELECT ON *.* TO `u`@`%`"], .held),
            (["GRANT PROCESS, RELOAD, SLAVE MONITOR ON *.* TO `u`@`%`", "GRANT ALL ON `app`.* TO `u`@`%`"], .notHeld),
            (["GRANT USAGE ON *.* TO `u`@`%`", "GRANT SHOW DATABASES ON `app`.* TO `u`@`%`"], .notHeld),
            (["GRANT `r` TO `u`@`%`", "GRANT USAGE ON *.* TO `u`@`%`", "GRANT SHOW DATABASES ON *.* TO `r`"], .held),
            (["GRANT USAGE ON *.* TO `u`@`%`", "GRANT `r`@`%` TO `u`@`%`"], .unknown),
        ])
    func everyDatabase(_ grants: [String], _ expected: Verdict) {
        #expect(MySQLGrants.seesEveryDatabase(grants) == expected)
    }

    @Test func hostileSchemaName() {
        let name = "app` TO `x"
        #expect(
            MySQLGrants.readsWholeSchema(["GRANT SELECT ON `app`` TO ``x`.* TO `u`@`%`"], database: name) == .held)
    }

    @Test func likePatterns() {
        #expect(MySQLGrants.like("app_1", pattern: "app\\_%"))
        #expect(!MySQLGrants.like("appx1", pattern: "app\\_%"))
        #expect(MySQLGrants.like("anything", pattern: "%"))
        #expect(MySQLGrants.like("a", pattern: "_"))
        #expect(!MySQLGrants.like("ab", pattern: "_"))
        #expect(MySQLGrants.like("50%", pattern: "50\\%"))
        #expect(!MySQLGrants.like("500", pattern: "50\\%"))
        #expect(MySQLGrants.like("", pattern: "%"))
        // Many %s against a long name that almost matches: backtracking took forever here.
        let long = String(repeating: "a", count: 60) + "b"
        #expect(!MySQLGrants.like(long, pattern: String(repeating: "a%", count: 30) + "c"))
        #expect(MySQLGrants.like(long, pattern: String(repeating: "a%", count: 30) + "b"))
    }
}
