import Foundation

/// One table of a restore drill: what the manifest says, what the restored table holds.
public struct DrillTable: Codable, Sendable {
    public var name: String
    public var rowsExpected: Int64
    public var rowsFound: Int64?
    public var checksumExpected: String?
    public var checksumFound: String?
    public var ok: Bool
    /// Why it is not OK (or what could not be compared), in a few words.
    public var problem: String?

    enum CodingKeys: String, CodingKey {
        case name, ok, problem
        case rowsExpected = "rows_expected"
        case rowsFound = "rows_found"
        case checksumExpected = "checksum_expected"
        case checksumFound = "checksum_found"
    }
}
