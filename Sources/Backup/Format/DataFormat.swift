import DBCore
import Foundation

/// How rows are laid out in a data file, and how to count them without a server.
public enum DataFormat: String, Codable, Sendable {
    /// One row per line: PostgreSQL COPY text, MySQL LOAD DATA text.
    case text
    /// PostgreSQL COPY (FORMAT binary): a header, then per row a field count and
    /// length-prefixed fields, then a -1 trailer.
    case binary

    func makeCounter() -> RowCounter {
        self == .text ? LineCounter() : BinaryCopyCounter()
    }
}
