@testable import Backup
import Testing

/// SHOW GRANTS lines as MariaDB and MySQL print them, read for one question: may the
/// account read every table of the schema?
@Suite("Whole-schema SELECT from SHOW GRANTS")
struct SchemaReadGrantTests {
    typealias Verdict = SchemaReadGrant.Verdict

    @Test(
        "Verdicts",
        arguments: [
            (["GRANT ALL PRIVILEGES ON *.* TO `dbops`@`127.0.0.1` IDENTIFIED BY PASSWORD '*AB'"], Verdict.wholeSchema),
            (["GRANT USAGE ON *.* TO `u`@`%`", "GRANT SELECT, SHOW VIEW ON `app`.* TO `u`@`%`"], .wholeSchema),
            (["GRANT SELECT ON `ap%`.* TO `u`@`%`"], .wholeSchema),
            (["GRANT SELECT ON `a\\_p`.* TO `u`@`%`"], .someTablesOnly),
            (["GRANT SELECT ON `other`.* TO `u`@`%`"], .someTablesOnly),
            (["GRANT RELOAD ON *.* TO `u`@`%`", "GRANT SELECT ON `app`.`users` TO `u`@`%`"], .someTablesOnly),
            (["GRANT SELECT (`id`, `name`) ON `app`.* TO `u`@`%`"], .someTablesOnly),
            (["GRANT INSERT, UPDATE ON `app`.* TO `u`@`%`"], .someTablesOnly),
            (["GRANT EXECUTE ON PROCEDURE `app`.`p` TO `u`@`%`"], .someTablesOnly),
            // MariaDB lists the current role's grants after the user's.
            (
                ["GRANT `reader` TO `u`@`%`", "GRANT USAGE ON *.* TO `u`@`%`", "GRANT SELECT ON `app`.* TO `reader`"],
                .wholeSchema
            ),
            // MySQL 8 lists the role, not what it holds.
            (["GRANT USAGE ON *.* TO `u`@`%`", "GRANT `reader`@`%` TO `u`@`%`"], .unknown),
            // A schema whose name holds the words the grant is made of.
            (["GRANT SELECT ON `app` TO `x`.* TO `u`@`%`"], .someTablesOnly),
        ])
    func verdict(_ grants: [String], _ expected: Verdict) {
        #expect(SchemaReadGrant.verdict(grants, database: "app") == expected)
    }

    @Test func hostileSchemaName() {
        let name = "app` TO `x"
        #expect(
            SchemaReadGrant.verdict(["GRANT SELECT ON `app`` TO ``x`.* TO `u`@`%`"], database: name) == .wholeSchema)
    }

    @Test func likePatterns() {
        #expect(SchemaReadGrant.like("app_1", pattern: "app\\_%"))
        #expect(!SchemaReadGrant.like("appx1", pattern: "app\\_%"))
        #expect(SchemaReadGrant.like("anything", pattern: "%"))
        #expect(SchemaReadGrant.like("a", pattern: "_"))
        #expect(!SchemaReadGrant.like("ab", pattern: "_"))
        #expect(SchemaReadGrant.like("50%", pattern: "50\\%"))
        #expect(!SchemaReadGrant.like("500", pattern: "50\\%"))
        #expect(SchemaReadGrant.like("", pattern: "%"))
        // Many %s against a long name that almost matches: backtracking took forever here.
        let long = String(repeating: "a", count: 60) + "b"
        #expect(!SchemaReadGrant.like(long, pattern: String(repeating: "a%", count: 30) + "c"))
        #expect(SchemaReadGrant.like(long, pattern: String(repeating: "a%", count: 30) + "b"))
    }
}
