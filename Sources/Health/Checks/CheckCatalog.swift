import DBCore

/// One engine's health checks, and what it takes to let a monitoring user run them:
/// PostgresChecks, MySQLChecks.
protocol CheckCatalog {
    static var all: [CheckDefinition] { get }
    /// The statement that grants `user` what the checks read.
    static func privilegeGrant(for user: String) -> String
}

enum CheckCatalogs {
    static let all: [Engine: CheckCatalog.Type] = [.postgres: PostgresChecks.self, .mysql: MySQLChecks.self]

    static func `for`(_ engine: Engine) -> CheckCatalog.Type {
        all[engine] ?? PostgresChecks.self
    }
}
