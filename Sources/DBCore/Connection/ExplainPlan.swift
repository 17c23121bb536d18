public extension ResultSet {
    /// EXPLAIN output as lines: PostgreSQL's single text column as it is, MySQL's plan
    /// table as `column=value` pairs per row (NULL columns left out).
    var planLines: [String] {
        rows.map { row in
            if columns.count == 1 { return row[0] ?? "" }
            return zip(columns, row.values).compactMap { column, value in value.map { "\(column)=\($0)" } }.joined(
                separator: " ")
        }
    }
}
