import DBCore

extension CleanupRule: NamedTableRule {}
extension ArchiveRule: NamedTableRule {}
extension PartitionRule: NamedTableRule {}

/// The rules a job runs: the config file's, then the built-in applications' rules whose
/// tables are present (a config rule of the same name wins), narrowed to `--rule` names or
/// tables. An unknown `--rule` is an error that lists what exists.
enum RuleSelection {
    static func choose<Rule: NamedTableRule>(
        configured: [Rule], builtIn: ((Set<String>) -> [Rule])?, only: [String],
        kind: String, _ connection: DatabaseConnection
    ) throws -> [Rule] {
        var rules = configured
        if let builtIn {
            let present = Set(try connection.named(.catalogTables).rows.compactMap { $0["table_name"] })
            rules += builtIn(present).filter { candidate in !rules.contains { $0.name == candidate.name } }
        }
        guard !only.isEmpty else { return rules }
        for name in only where !rules.contains(where: { $0.name == name || $0.table == name }) {
            throw DBError(
                .clientError,
                "no \(kind) rule or table named \(name) here (rules: \(rules.map(\.name).joined(separator: ", ")))")
        }
        return rules.filter { only.contains($0.name) || only.contains($0.table) }
    }
}
