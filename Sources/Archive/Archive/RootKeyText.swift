import DBCore
import Foundation

/// A root key as `archive restore --key` takes it. A one-column key is the whole text, so a
/// text key holding a comma names its row. A composite key is its values joined by commas
/// (`4711,2`), or a JSON array of strings (`["a,b", "2"]`) when a value holds a comma itself: the form
/// `.roots.json` lists keys in.
enum RootKeyText {
    static func values(of key: [String], rowKey: [String], table: String) throws -> [String] {
        let columns = rowKey.count
        let values: [String]
        if key.count != 1 || columns == 1 {
            values = key
        } else if key[0].hasPrefix("[") {
            values = try jsonArray(key[0], table: table)
        } else {
            values = key[0].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        }
        guard values.count == columns else {
            throw DBError(
                .clientError,
                "\(table)'s key has \(columns) column(s) (\(rowKey.joined(separator: ", "))): give each key as that many values, joined by commas or as a JSON array"
            )
        }
        return values
    }

    /// The values of a JSON array of strings, as `.roots.json` lists keys (numbers are
    /// refused rather than read through a Double that could round them).
    private static func jsonArray(_ text: String, table: String) throws -> [String] {
        guard let values = try? JSONDecoder().decode([String].self, from: Data(text.utf8)) else {
            throw DBError(
                .clientError, "key \(text) for \(table) is not a JSON array of strings, such as [\"a,b\", \"2\"]")
        }
        return values
    }
}
