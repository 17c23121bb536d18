import DBCore

/// ANALYZE TABLE on MySQL/MariaDB: held back while a long statement runs (new queries of
/// the table would queue behind it), and its answer read for the error it reports as a row.
enum MySQLStatistics: StatisticsEngine {
    static func holdBack(_ connection: DatabaseConnection, maxStatementAge: Double) throws -> String? {
        let row = try connection.query(
            SQLTemplate.named(.statisticsLongStatements, server: connection.server)
                .render(dialect: connection.dialect, parameters: ["seconds": .int(Int64(maxStatementAge.rounded(.up)))])
        ).rows.first
        guard let running = row?.int64("running"), running > 0 else { return nil }
        return
            "\(running) statement(s) running for \(row?.int64("longest_seconds") ?? 0) s or more: ANALYZE TABLE would make new queries of the table wait for them (MDEV-7901), so it waits for the next run"
    }

    static func analyze(_ connection: DatabaseConnection, _ statement: SQLTemplate.Rendered) throws {
        for row in try connection.query(statement.sql, statement.parameters).rows {
            let type = (row["Msg_type"] ?? "").lowercased()
            if type == "error" {
                throw DBError(.clientError, row["Msg_text"] ?? "the server reported an error for this table")
            }
        }
    }
}
