import DBCore
import Foundation

/// Glob matching for --table / --exclude-table: `*` and `?`, on "schema.table" or "table".
struct TableFilter {
    let include: [String]
    let exclude: [String]

    func accepts(schema: String, name: String) -> Bool {
        let candidates = schema.isEmpty ? [name] : ["\(schema).\(name)", name]
        func matches(_ pattern: String) -> Bool { candidates.contains { TableFilter.glob(pattern, $0) } }
        if !include.isEmpty && !include.contains(where: matches) { return false }
        return !exclude.contains(where: matches)
    }

    static func glob(_ pattern: String, _ text: String) -> Bool {
        let p = Array(pattern), t = Array(text)
        var pi = 0, ti = 0, star = -1, mark = 0
        while ti < t.count {
            if pi < p.count && (p[pi] == "?" || p[pi] == t[ti]) {
                pi += 1; ti += 1
            } else if pi < p.count && p[pi] == "*" {
                star = pi; mark = ti; pi += 1
            } else if star >= 0 {
                pi = star + 1; mark += 1; ti = mark
            } else {
                return false
            }
        }
        while pi < p.count && p[pi] == "*" { pi += 1 }
        return pi == p.count
    }
}
