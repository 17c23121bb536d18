import DBCore
import Foundation

/// Glob matching for --table / --exclude-table: `*` and `?`, on "schema.table" or "table";
/// or exact names (BackupOptions.exactTables).
struct TableFilter {
    let include: [String]
    let exclude: [String]
    var exact: Set<RelationName>?

    init(include: [String], exclude: [String]) {
        self.include = include
        self.exclude = exclude
    }

    init(_ options: BackupOptions) {
        self.init(include: options.include, exclude: options.exclude)
        exact = options.exactTables.map(Set.init)
    }

    func accepts(schema: String, name: String) -> Bool {
        if let exact { return exact.contains(RelationName(schema: schema, name: name)) }
        if !include.isEmpty && !include.contains(where: { Self.matches($0, schema: schema, name: name) }) {
            return false
        }
        return !exclude.contains { Self.matches($0, schema: schema, name: name) }
    }

    /// Refuses a --table pattern that names none of `relations` (as pg_dump --strict-names
    /// does): a misspelt or renamed table would otherwise leave it out without a word, and
    /// a scheduled backup or a restore of it would go on succeeding without it.
    func requireMatches(_ relations: [RelationName], in place: String) throws {
        let unmatched =
            exact.map { exact in exact.subtracting(relations).map(\.qualifiedName).sorted() }
            ?? include.filter { pattern in
                !relations.contains { Self.matches(pattern, schema: $0.schema, name: $0.name) }
            }
        guard !unmatched.isEmpty else { return }
        throw DBError(
            .invalidTarget,
            "no table of \(place) matches --table \(unmatched.map { $0.isEmpty ? "''" : $0 }.joined(separator: ", "))"
        )
    }

    private static func matches(_ pattern: String, schema: String, name: String) -> Bool {
        let candidates = schema.isEmpty ? [name] : ["\(schema).\(name)", name]
        return candidates.contains { Glob.matches(pattern, $0) }
    }
}
