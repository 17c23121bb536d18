import DBCore
import Foundation

public struct RecordedOptions: Codable, Sendable {
    public var schemaOnly: Bool
    public var dataOnly: Bool
    public var include: [String]
    public var exclude: [String]
    public var zstdLevel: Int

    /// What sets a backup of part of its database apart (its --table, --exclude-table,
    /// --schema-only, --data-only; the patterns sorted); empty for the whole database. A
    /// database's newest backup for a whole-server restore, a tree's drill and prune's
    /// newest-always-stays is its newest whole one: an hourly `--table` backup taken after
    /// the nightly one had whole-server restores make the database of that table alone, and
    /// `prune --keep 1` remove every whole backup.
    public var selection: String {
        (include.sorted().map { "--table \($0)" } + exclude.sorted().map { "--exclude-table \($0)" }
            + (schemaOnly ? ["--schema-only"] : []) + (dataOnly ? ["--data-only"] : [])).joined(separator: " ")
    }

    enum CodingKeys: String, CodingKey {
        case include, exclude
        case schemaOnly = "schema_only"
        case dataOnly = "data_only"
        case zstdLevel = "zstd_level"
    }
}
