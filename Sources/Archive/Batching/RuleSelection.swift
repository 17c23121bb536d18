import DBCore

extension CleanupRule: NamedTableRule {}
extension ArchiveRule: NamedTableRule {}
extension PartitionRule: NamedTableRule {}

/// The rules a job runs: the config file's, then the built-in applications' rules whose
/// tables are present (a config rule of the same name wins), narrowed to `--rule` names or
/// tables. An unknown `--rule` is an error that lists what exists. `optIn` rules (retention)
/// run only when `--rule` names them or the config file has an entry of their name.
enum RuleSelection {
    static func choose<Rule: NamedTableRule>(
        configured: [Rule], builtIn: ((Set<String>) -> [Rule])?, optIn: ((Set<String>) -> [Rule])? = nil,
        only: [String], kind: String, _ connection: DatabaseConnection
    ) throws -> [Rule] {
        var rules = configured
        if builtIn != nil || optIn != nil {
            let present = Set(try connection.named(.catalogTables).rows.compactMap { $0["table_name"] })
            if let builtIn {
                rules += builtIn(present).filter { candidate in !rules.contains { $0.name == candidate.name } }
            }
            if let optIn {
                rules += optIn(present).filter { candidate in
                    !rules.contains { $0.name == candidate.name }
                        && (only.contains(candidate.name) || only.contains(candidate.table))
                }
            }
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
