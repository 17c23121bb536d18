import DBCore
import Foundation

public struct CleanupOptions: Sendable {
    public var maintenance = MaintenanceOptions()
    /// Rules from the config file.
    public var rules: [CleanupRule] = []
    /// Also apply the built-in rules of the applications whose tables are present.
    public var builtIn = true
    /// Only these rules (by rule name or table name); empty: all.
    public var only: [String] = []

    public init() {}
}
