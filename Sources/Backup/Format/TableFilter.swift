import DBCore
import Foundation

/// Glob matching for --table / --exclude-table: `*` and `?`, on "schema.table" or "table".
struct TableFilter {
    let include: [String]
    let exclude: [String]

    func accepts(schema: String, name: String) -> Bool {
        let candidates = schema.isEmpty ? [name] : ["\(schema).\(name)", name]
        func matches(_ pattern: String) -> Bool { candidates.contains { Glob.matches(pattern, $0) } }
        if !include.isEmpty && !include.contains(where: matches) { return false }
        return !exclude.contains(where: matches)
    }
}
