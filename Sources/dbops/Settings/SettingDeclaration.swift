import ArgumentParser

/// What the config reference, `--help` and the contract tests read of a setting, whatever
/// its value type.
protocol SettingDeclaration {
    /// The config key (snake_case).
    var key: String { get }
    /// The long flag (`--batch-size`), or nil for a key only the config file sets.
    var flag: String? { get }
    /// The row of the config reference.
    var reference: ConfigSchema.Key { get }
    var shownDefault: String { get }
    /// `--help` text with the default written as `shown` (one flag shared by jobs whose
    /// defaults differ).
    func help(default shown: String) -> ArgumentHelp
}
