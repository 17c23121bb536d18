import ArgumentParser

/// One setting of a job, declared once: its config key and flag, its type and range, its
/// default and what it means. `--help` shows it from here, the config file is checked
/// against it (ConfigSchema is built from these), and a value is resolved through it: the
/// flag, else the config file's key, else the default — every value parsed and range-checked
/// the same way wherever it came from.
///
/// A default is declared where the behaviour lives: in the library's options type
/// (`BackupOptions`, `MaintenanceOptions`, ...), which the declaration reads, so a test
/// calling the library and a user calling the CLI get the same value and `--help` shows it.
struct Setting<Value>: SettingDeclaration {
    let key: String
    let flag: String?
    let kind: SettingKind<Value>
    let defaultValue: Value?
    /// The default, where it is not one value ("detected", "per rule").
    let defaultNote: String?
    /// A phrase, lowercase: "parallel workers".
    let meaning: String
    /// More for `--help` only (why the default is what it is).
    let detail: String?

    /// The flag a setting has: by default its key with dashes (batch_size: --batch-size).
    enum Flag {
        case derived, named(String), none
    }

    init(
        _ key: String, _ kind: SettingKind<Value>, default defaultValue: Value? = nil, shown defaultNote: String? = nil,
        flag: Flag = .derived, _ meaning: String, detail: String? = nil
    ) {
        self.key = key
        switch flag {
        case .derived: self.flag = "--" + key.replacingOccurrences(of: "_", with: "-")
        case .named(let name): self.flag = name
        case .none: self.flag = nil
        }
        self.kind = kind
        self.defaultValue = defaultValue
        self.defaultNote = defaultNote
        self.meaning = meaning
        self.detail = detail
    }

    var shownDefault: String { defaultNote ?? defaultValue.map(kind.describe) ?? "none" }

    var reference: ConfigSchema.Key {
        ConfigSchema.Key(
            name: key, type: kind.typeName, defaultValue: shownDefault,
            meaning: meaning + (kind.rangeText.map { "; \($0)" } ?? ""),
            validate: { [kind, key] section in _ = try kind.read(section, key) })
    }

    /// `--help` text: the meaning, the default and the range, from this declaration.
    var help: ArgumentHelp { help(default: shownDefault) }

    func help(default shown: String) -> ArgumentHelp {
        var text = meaning.prefix(1).uppercased() + meaning.dropFirst()
        if let detail { text += "; " + detail }
        let notes = (shown == "none" ? [] : ["default \(shown)"]) + (kind.rangeText.map { [$0] } ?? [])
        text += notes.isEmpty ? "." : " (" + notes.joined(separator: "; ") + ")."
        return ArgumentHelp(text, valueName: kind.valueName)
    }

    /// The flag's value, else the config key's, else nil.
    func given(_ flagValue: String?, _ config: ConfigSection) throws -> Value? {
        if let flagValue { return try kind.parse(flagValue, flag ?? key) }
        return try kind.read(config, key)
    }

    /// The flag's value, else the config key's, else the declared default.
    func resolve(_ flagValue: String?, _ config: ConfigSection) throws -> Value? {
        try given(flagValue, config) ?? defaultValue
    }

    /// Sets `value` from the flag or the config key; leaves the library's default otherwise.
    func apply(_ flagValue: String?, _ config: ConfigSection, to value: inout Value) throws {
        if let given = try given(flagValue, config) { value = given }
    }

    func apply(_ flagValue: String?, _ config: ConfigSection, to value: inout Value?) throws {
        if let given = try given(flagValue, config) { value = given }
    }
}

extension Setting where Value == [String] {
    /// Repeated flags, else the config key's list, else the default.
    func resolve(_ flagValues: [String], _ config: ConfigSection) throws -> [String] {
        if !flagValues.isEmpty { return flagValues }
        return try kind.read(config, key) ?? defaultValue ?? []
    }
}
