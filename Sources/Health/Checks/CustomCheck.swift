import DBCore
import Foundation

/// A check the operator writes (`[checks.NAME]` in the config, as check_postgres'
/// custom_query): a statement for this engine returning one number, or rows with a
/// `value` column (each row judged, the worst decides, the rows listed). It runs like a
/// built-in: in health's read-only session, under the same statement timeout, with the
/// database's own search_path (built-in checks read under pg_catalog's alone).
public struct CustomCheck: Sendable {
    public var name: String
    public var help: String
    public var sql: String
    /// bytes, seconds, ms, percent, or nil for a plain number.
    public var unit: String?
    public var thresholds: Thresholds

    public init(name: String, help: String, sql: String, unit: String?, thresholds: Thresholds) {
        self.name = name
        self.help = help
        self.sql = sql
        self.unit = unit
        self.thresholds = thresholds
    }

    /// Rows listed at most in a report.
    static let detailRows = 20

    var definition: CheckDefinition {
        CheckDefinition(name: name, help: help, defaults: thresholds, scope: .database) { context in
            // The operator's own statement names its tables as the application does.
            try measure(
                context.connection.withApplicationPath { try context.connection.query(sql) },
                thresholds: context.thresholds)
        }
    }

    func measure(_ result: ResultSet, thresholds: Thresholds) throws -> Measurement {
        guard let first = result.first else {
            throw DBError(.serverError, "custom check \(name): the statement returned no row")
        }
        let valueColumn = result.columns.firstIndex { $0.lowercased() == "value" }
        guard let valueColumn else {
            let text = first.values.first ?? nil
            guard let number = text.flatMap(Double.init), number.isFinite else {
                throw DBError(
                    .serverError,
                    "custom check \(name): returned \(text.map { "'\($0.prefix(40))'" } ?? "NULL"), not a number")
            }
            return Measurement(value: number, unit: unit, summary: "\(name) = \(Format.number(number))")
        }
        let values = result.rows.compactMap { row in row.values[valueColumn].flatMap(Double.init) }
        guard !values.isEmpty else {
            throw DBError(.serverError, "custom check \(name): no row has a numeric value column")
        }
        let worst = thresholds.direction == .above ? values.max()! : values.min()!
        let flagged = values.filter { thresholds.evaluate($0) != .ok }.count
        var details: [[String: JSONValue]] = []
        for row in result.rows.prefix(Self.detailRows) {
            var entry: [String: JSONValue] = [:]
            for (index, column) in result.columns.enumerated() {
                entry[column] = JSONValue.from(text: row.values[index])
            }
            details.append(entry)
        }
        return Measurement(
            value: worst, unit: unit,
            summary: "\(result.rows.count) row(s), worst \(Format.number(worst))"
                + (flagged > 0 ? ", \(flagged) past a limit" : ""),
            details: details)
    }
}
