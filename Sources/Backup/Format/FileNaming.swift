import DBCore
import Foundation

enum FileNaming {
    /// "data/0007.public.api_usage_2026.0002.zst": numbered for uniqueness, with a readable
    /// slug (any character outside [A-Za-z0-9_] becomes "_").
    static func dataFile(table: TablePlan, chunk: Int) -> String {
        let slug = [table.schema, table.name].filter { !$0.isEmpty }.map(slugify).joined(separator: ".")
        return String(format: "data/%04d.", table.index) + slug + String(format: ".%04d.zst", chunk)
    }

    static func slugify(_ text: String) -> String {
        String(
            String(
                text.unicodeScalars.map { scalar -> Character in
                    (scalar.isASCII && (CharacterSet.alphanumerics.contains(scalar) || scalar == "_"))
                        ? Character(scalar) : "_"
                }
            ).prefix(48))
    }
}
