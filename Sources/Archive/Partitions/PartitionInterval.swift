import DBCore

/// How long each partition covers.
public enum PartitionInterval: String, Sendable, Codable, CaseIterable {
    case yearly, monthly

    /// The start of the period holding `wall` (wall-clock time).
    func start(of wall: CivilTime) -> CivilTime {
        CivilTime(year: wall.year, month: self == .yearly ? 1 : wall.month, day: 1)
    }

    func next(_ start: CivilTime) -> CivilTime {
        switch self {
        case .yearly: return CivilTime(year: start.year + 1, month: 1, day: 1)
        case .monthly:
            return start.month == 12
                ? CivilTime(year: start.year + 1, month: 1, day: 1)
                : CivilTime(year: start.year, month: start.month + 1, day: 1)
        }
    }

    /// "2027" or "2027_03": the suffix of a new partition's name (api_usage_2027, p2027).
    func suffix(_ start: CivilTime) -> String {
        self == .yearly ? String(format: "%04d", start.year) : String(format: "%04d_%02d", start.year, start.month)
    }
}
