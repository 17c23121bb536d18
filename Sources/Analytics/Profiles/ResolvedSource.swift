import DBCore

/// A metric source checked against the server: its table and columns exist, and their
/// types are ones the report can read.
public struct ResolvedSource: Sendable {
    public let profile: String
    public let source: MetricSource
    /// The schema (PostgreSQL) or database (MySQL) the table was found in.
    public let schema: String
    public let timeKind: TimeColumnKind
    /// Digits after the point of the value column (0 for integers); nil when the column
    /// is an unconstrained numeric.
    public let valueScale: Int?
    /// The value column is floating point: sums and percentiles are only as exact as
    /// the floats are.
    public let valueIsApproximate: Bool
    /// Every column of the table, as the catalog describes it (type name, numeric scale).
    public var columns: [String: Row] = [:]

    /// Every column's type name.
    public var columnTypes: [String: String] { columns.compactMapValues { $0["type_name"] } }
    /// The source's `also` tables, checked the same way (DAU).
    public var also: [ResolvedSource] = []

    /// This table and those in `also`.
    public var allTables: [ResolvedSource] { [self] + also }

    public var tableLabel: String { schema.isEmpty ? source.table : "\(schema).\(source.table)" }

    /// The table as statements name it: with the schema it was found in, whatever the
    /// session's search_path.
    func qualifiedName(_ dialect: Dialect) -> String {
        dialect.qualified(schema.isEmpty ? source.schema : schema, source.table)
    }
}
