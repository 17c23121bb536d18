import Health

/// The units a custom check's value may have.
enum CheckUnit: String, CaseIterable {
    case number, bytes, seconds, ms, percent
}

/// A custom check's `direction` key reads its choices from here.
extension Thresholds.Direction: CaseIterable {
    public static var allCases: [Thresholds.Direction] { [.above, .below] }
}
