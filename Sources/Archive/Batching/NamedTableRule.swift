import DBCore

/// A cleanup, archive or partition rule: named, and about one table.
protocol NamedTableRule {
    var name: String { get }
    var table: String { get }
}
