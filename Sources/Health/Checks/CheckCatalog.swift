import DBCore

/// One engine's health checks, and what it takes to let a monitoring user run them:
/// PostgresChecks, MySQLChecks.
protocol CheckCatalog {
    static var all: [CheckDefinition] { get }
    /// The statement that grants `user` what the checks read, or what the server's
    /// refusal `message` names.
    static func privilegeGrant(for user: String, refused message: String) -> String
}

extension Engine {
    /// This engine's implementation of CheckCatalog.
    var checks: CheckCatalog.Type { Self.checksImplementations[self] ?? PostgresChecks.self }

    private static let checksImplementations: [Engine: CheckCatalog.Type] = [
        .postgres: PostgresChecks.self, .mysql: MySQLChecks.self,
    ]
}
