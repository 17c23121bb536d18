@testable import Archive
import DBCore
import Foundation
import Testing
import TestSupport

/// Who owns the archive tables dbops creates on PostgreSQL. Made by dbops' role (root's
/// cron runs it as postgres), an archive table was that role's: the application could not
/// read its own archived rows, nor pg_dump its database as itself.
@Suite("Archive tables' owner")
struct ArchiveOwnerTests {
    @Test("PostgreSQL: an archive table dbops creates is its live table's owner's, with the owner's default grants")
    func archiveTablesOfTheOwner() throws {
        try ApplicationRoles.with { roles in
            try ScratchDatabase.with(.postgres, prefix: "archown") { scratch in
                let connection = try scratch.connect()
                defer { connection.close() }
                try ArchiveTests.fill(connection)
                try connection.executeScript(
                    """
                    GRANT CREATE ON SCHEMA public TO \(roles.owner);
                    ALTER TABLE projects OWNER TO \(roles.owner);
                    ALTER TABLE storyboards OWNER TO \(roles.owner);
                    ALTER TABLE scenes OWNER TO \(roles.owner);
                    ALTER DEFAULT PRIVILEGES FOR ROLE \(roles.owner) GRANT SELECT ON TABLES TO \(roles.reader);
                    -- An owner that may not create in the schema: dbops makes its archive table itself.
                    ALTER TABLE scene_tasks OWNER TO \(roles.stranger);
                    """)
                let report = try ArchiveRunner.run(scratch.config, label: "t", options: ArchiveTests.options(batch: 50))
                #expect(report.outcome == .complete && report.tables[0].rows == 66, "\(report.error ?? "")")
                let made = try connection.query(
                    """
                    SELECT relname, pg_get_userbyid(relowner) AS owner,
                           has_table_privilege('\(roles.readerName)', oid, 'SELECT') AS readable
                    FROM pg_class WHERE relname LIKE '%\\_archive' AND relkind = 'r' ORDER BY 1
                    """
                ).rows
                #expect(
                    made.map { $0["relname"] ?? "" }
                        == ["projects_archive", "scene_tasks_archive", "scenes_archive", "storyboards_archive"])
                for row in made where row["relname"] != "scene_tasks_archive" {
                    #expect(row["owner"] == roles.ownerName, "\(row)")
                    #expect(row.bool("readable") == true, "the owner's default privileges apply: \(row)")
                }
                #expect(
                    made.first { $0["relname"] == "scene_tasks_archive" }?["owner"]
                        == (try connection.scalar("SELECT current_user")),
                    "an owner that may not create in the schema: dbops' own, as before")
                // The application reads its archived rows as itself.
                let archived = try connection.transaction {
                    try connection.executeScript("SET LOCAL ROLE \(roles.owner)")
                    return try connection.scalar("SELECT count(*) FROM projects_archive")
                }
                #expect(archived == "66")
            }
        }
    }
}
