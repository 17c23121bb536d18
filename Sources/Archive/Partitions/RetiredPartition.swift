import DBCore

/// A partition past retention, dumped to a verified file and dropped.
public struct RetiredPartition: Sendable, Codable, Equatable {
    /// The partition's name in the table.
    public var partition: String
    /// The table its rows were held in while dumped (and the name it has in the file).
    public var heldIn: String
    public var rows: Int64
    /// The backup-format directory holding them (`dbops verify` / `dbops restore` it).
    public var file: String

    enum CodingKeys: String, CodingKey {
        case partition, rows, file
        case heldIn = "held_in"
    }
}
