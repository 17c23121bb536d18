import DBCore
import Foundation
import Testing
import TestSupport

/// ScriptPal (seed 000): its users chat through chat_messages and chat_history; a user
/// active in either is one active user, per day and over the range.
@Suite("ScriptPal's active users through dbops")
struct ScriptPalQuestionsTests {
    @Test("Active users per day and over the range count chat_messages and chat_history together, each user once")
    func activeUsersAcrossBothTables() throws {
        let connection = try TestServers.connect(.mysql, database: "scriptpal")
        defer { connection.close() }
        let result = try DBOpsProcess.run(
            ["analytics", "dau", "--since", "2026-01-01T00:00Z", "--until", "2026-03-01T00:00Z", "--format", "json"],
            environment: ["DBOPS_URL": try TestServers.url(.mysql, database: "scriptpal")])
        #expect(result.exitCode == 0, "\(result)")
        let report = try #require(try JSONSerialization.jsonObject(with: result.stdoutData) as? [String: Any])
        let union = """
            SELECT created_at AS at, user_id FROM chat_messages
            UNION ALL SELECT `timestamp`, user_id FROM chat_history
            """
        let perDay = try connection.query(
            """
            SELECT CAST(DATE(at) AS CHAR) AS day, COUNT(DISTINCT user_id) AS users, COUNT(*) AS events
            FROM (\(union)) AS activity
            WHERE at >= '2026-01-01' AND at < '2026-03-01' GROUP BY DATE(at)
            """
        ).rows
        let buckets = try #require(report["buckets"] as? [[String: Any]])
        #expect(buckets.count == 59)
        for bucket in buckets {
            let row = perDay.first { $0["day"] == bucket["start"] as? String }
            #expect((bucket["active_users"] as? Int).map(Int64.init) == (row?.int64("users") ?? 0), "\(bucket)")
            #expect((bucket["events"] as? Int).map(Int64.init) == (row?.int64("events") ?? 0), "\(bucket)")
        }
        let total = try connection.scalar(
            "SELECT COUNT(DISTINCT user_id) FROM (\(union)) AS activity WHERE at >= '2026-01-01' AND at < '2026-03-01'")
        #expect(((report["range"] as? [String: Any])?["active_users"] as? Int).map(String.init) == total)
        // Counting chat_messages alone would miss users: the fixture has some only in chat_history.
        let messagesOnly = try connection.scalar(
            "SELECT COUNT(DISTINCT user_id) FROM chat_messages WHERE created_at >= '2026-01-01' AND created_at < '2026-03-01'"
        )
        #expect(Int(messagesOnly ?? "") ?? 0 < Int(total ?? "") ?? 0)
    }
}
