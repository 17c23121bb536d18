/// Every key the config file may hold, section by section, with its type, default and
/// meaning: the file is checked against it when it is read (an unknown key is exit 64,
/// naming the key, its section and the key meant), and the README's config reference is
/// checked against it by the tests, so the two cannot drift.
struct ConfigSchema {
    struct Key {
        let name: String
        let type: String
        let defaultValue: String
        let meaning: String
        /// Reads the key from its section as the command using it would (type and range),
        /// so a value out of range fails when the file is read, `config check` included,
        /// not only when the job that reads it runs at 3 a.m.
        var validate: ((ConfigSection) throws -> Void)? = nil
    }

    /// A table whose keys are names the user picks ([cleanup.rules.NAME]), each holding `entry`.
    indirect enum Node {
        case keys([Key], tables: [String: Node])
        case named(Node)
        /// Any keys (dimension names of an analytics profile, `match` columns of an archive rule).
        case free
    }

    static func keys(_ list: [Key], _ tables: [String: Node] = [:]) -> Node { .keys(list, tables: tables) }

    static let thresholds: Node = .named(
        keys(
            ["warning", "critical"].map { name in
                Key(
                    name: name, type: "number", defaultValue: "per check", meaning: "\(name) limit",
                    validate: { _ = try $0.finite(name, range: ThresholdOptions.range) })
            }))

    static let metricSource: Node = keys(
        [
            Key(
                name: "schema", type: "string", defaultValue: "search path / current database",
                meaning: "schema of the table"),
            Key(name: "table", type: "string", defaultValue: "required", meaning: "table read"),
            Key(name: "time", type: "string", defaultValue: "required", meaning: "time column"),
            Key(name: "user", type: "string", defaultValue: "none", meaning: "user column"),
            Key(name: "value", type: "string", defaultValue: "none", meaning: "value column (cost, duration)"),
            Key(name: "unit", type: "string", defaultValue: "none", meaning: "unit of the value"),
            Key(
                name: "count", type: "string", defaultValue: "one request a row",
                meaning: "cost: column summed as the number of requests a row stands for"),
            Key(name: "default_by", type: "string", defaultValue: "none", meaning: "dimension used without --by"),
        ],
        [
            "dimensions": .free,
            "also": .named(
                keys([
                    Key(
                        name: "schema", type: "string", defaultValue: "search path / current database",
                        meaning: "schema of the table"),
                    Key(name: "time", type: "string", defaultValue: "required", meaning: "time column"),
                    Key(name: "user", type: "string", defaultValue: "the dau source's user", meaning: "user column"),
                ])),
        ])

    static let queueSource: Node = keys(
        [
            Key(
                name: "schema", type: "string", defaultValue: "search path / current database",
                meaning: "schema of the table"),
            Key(name: "table", type: "string", defaultValue: "required", meaning: "table holding the queue"),
            Key(name: "created", type: "string", defaultValue: "required", meaning: "when a row arrived"),
            Key(name: "started", type: "string", defaultValue: "required", meaning: "when work on it began"),
            Key(name: "finished", type: "string", defaultValue: "required", meaning: "when it ended"),
            Key(name: "status", type: "string", defaultValue: "required", meaning: "status column"),
            Key(
                name: "waiting", type: "list of strings", defaultValue: "required",
                meaning: "statuses of rows still waiting"),
            Key(
                name: "running", type: "list of strings", defaultValue: "[]",
                meaning: "statuses of rows being worked on"),
            Key(name: "failed", type: "list of strings", defaultValue: "[]", meaning: "statuses of rows that failed"),
            Key(name: "default_by", type: "string", defaultValue: "none", meaning: "dimension used without --by"),
        ], ["dimensions": .free])

    static let topSource: Node = keys([
        Key(
            name: "schema", type: "string", defaultValue: "search path / current database",
            meaning: "schema of both tables"),
        Key(name: "table", type: "string", defaultValue: "required", meaning: "table ranked (the parents)"),
        Key(name: "key", type: "string", defaultValue: "id", meaning: "the parents' key"),
        Key(name: "label", type: "string", defaultValue: "required", meaning: "column naming a parent"),
        Key(name: "children", type: "string", defaultValue: "required", meaning: "table of the children"),
        Key(name: "child_key", type: "string", defaultValue: "required", meaning: "children's column holding the key"),
        Key(name: "child_time", type: "string", defaultValue: "required", meaning: "when a child was made"),
        Key(name: "measure", type: "string", defaultValue: "none", meaning: "children's number averaged per parent"),
    ])

    /// The keys of each section, from the settings declarations (Settings/): the flags,
    /// `--help`, resolution and this reference all read the same declaration.
    static func keys(_ settings: [SettingDeclaration], _ tables: [String: Node] = [:]) -> Node {
        .keys(settings.map(\.reference), tables: tables)
    }

    static let root: [String: Node] = [
        "defaults": keys(DefaultsSettings.all),
        "health": keys(HealthSettings.all, ["thresholds": thresholds]),
        "slow_queries": keys(SlowQueriesSettings.all, ["thresholds": thresholds]),
        "index_usage": keys(IndexUsageSettings.all, ["thresholds": thresholds]),
        "analytics": keys(
            AnalyticsSettings.all,
            [
                "profiles": .named(
                    keys(
                        [
                            Key(
                                name: "summary", type: "string", defaultValue: "the profile's name",
                                meaning: "what the profile covers"),
                            Key(
                                name: "detect", type: "list of strings", defaultValue: "[]",
                                meaning: "pick the profile when these tables exist"),
                        ],
                        [
                            "dau": metricSource, "cost": metricSource, "latency": metricSource, "queue": queueSource,
                            "top": topSource,
                        ]))
            ]),
        "history": keys(HistorySettings.all),
        "report": keys(ReportSettings.all),
        "backup": keys(BackupSettings.all),
        "restore": keys(RestoreSettings.all),
        "analyze": keys(AnalyzeSettings.all),
        "cleanup": keys(PacingSettings.cleanup.all, ["rules": .named(keys(CleanupSettings.Rule.all))]),
        "partitions": keys(PartitionsSettings.all, ["rules": .named(keys(PartitionsSettings.Rule.all))]),
        "archive": keys(ArchiveSettings.all, ["rules": .named(keys(ArchiveSettings.Rule.all, ["match": .free]))]),
        "checks": .named(keys(CustomCheckSettings.all)),
    ]

    /// [targets.NAME]: connection keys, and any job table merged over the global one.
    static let targetKeys: [Key] = [
        Key(
            name: "url", type: "URL", defaultValue: "url or url_env required",
            meaning: "the target (a password in it needs a private file)"),
        Key(name: "url_env", type: "string", defaultValue: "none", meaning: "environment variable holding the URL"),
        Key(
            name: "password_file", type: "path", defaultValue: "none", meaning: "file holding the password (mode 0600)"),
        Key(name: "connect_timeout", type: "duration", defaultValue: "[defaults]", meaning: "time allowed to connect"),
        Key(
            name: "groups", type: "list of strings", defaultValue: "[]",
            meaning: "groups --group selects the target by",
            validate: { _ = try $0.strings("groups") }),
        Key(
            name: "databases", type: "string or list", defaultValue: "the URL's",
            meaning: "\"*\", names or globs: one target per database of the server, listed at run time",
            validate: { section in
                if case .string? = section.values["databases"] { return }
                _ = try section.strings("databases")
            }),
        Key(
            name: "exclude_databases", type: "list of strings", defaultValue: "[]",
            meaning: "names or globs left out of databases", validate: { _ = try $0.strings("exclude_databases") }),
    ]

    /// The reference, as Markdown tables (the README's "Config reference" is this text).
    static func markdown() -> String {
        var out = ""
        func table(_ title: String, _ keys: [Key]) {
            out += "`\(title)`\n\n| key | type | default | meaning |\n|---|---|---|---|\n"
            func cell(_ text: String) -> String { text.replacingOccurrences(of: "|", with: "\\|") }
            for key in keys {
                out += "| `\(key.name)` | \(cell(key.type)) | \(cell(key.defaultValue)) | \(cell(key.meaning)) |\n"
            }
            out += "\n"
        }
        func walk(_ title: String, _ node: Node) {
            switch node {
            case .free: out += "`\(title)`: any keys (names of your choosing)\n\n"
            case .named(let entry): walk(title + ".NAME", entry)
            case .keys(let keys, let tables):
                if !keys.isEmpty { table("[\(title)]", keys) }
                for (name, child) in tables.sorted(by: { $0.key < $1.key }) { walk(title + "." + name, child) }
            }
        }
        let order = [
            "defaults", "health", "checks", "slow_queries", "index_usage", "analytics", "backup", "restore",
            "cleanup", "partitions", "archive", "history", "report",
        ]
        for name in order { if let node = root[name] { walk(name, node) } }
        table("[targets.NAME]", targetKeys)
        out += "`[targets.NAME.JOB]`: any job table above, merged over the global one for that target.\n"
        return out
    }

    /// Checks a parsed file: every key known, every table where a table belongs.
    static func validate(_ root: [String: ConfigValue], path: String) throws {
        for (name, value) in root {
            if name == "targets" {
                guard case .table(let targets) = value else {
                    throw UsageError("config file \(path): [targets] must hold [targets.NAME] tables")
                }
                for (target, entry) in targets {
                    guard case .table(let keys) = entry else {
                        throw UsageError("config file \(path): [targets.\(target)] must be a table")
                    }
                    let allowed = targetKeys.map(\.name) + Self.root.keys.filter { $0 != "defaults" }
                    let values = ConfigSection(name: "targets.\(target)", values: keys)
                    for (key, inner) in keys.sorted(by: { $0.key < $1.key }) {
                        guard allowed.contains(key) else {
                            throw unknown(key, in: "targets.\(target)", allowed: allowed, path: path)
                        }
                        try targetKeys.first { $0.name == key }?.validate?(values)
                        if let node = Self.root[key] {
                            try check(inner, node, section: "targets.\(target).\(key)", path: path)
                        }
                    }
                }
                continue
            }
            guard let node = Self.root[name] else {
                throw unknown(name, in: nil, allowed: Array(Self.root.keys) + ["targets"], path: path)
            }
            try check(value, node, section: name, path: path)
        }
    }

    private static func check(_ value: ConfigValue, _ node: Node, section: String, path: String) throws {
        switch node {
        case .free:
            return
        case .named(let entry):
            guard case .table(let items) = value else {
                throw UsageError("config file \(path): [\(section)] must hold [\(section).NAME] tables")
            }
            for (name, item) in items { try check(item, entry, section: "\(section).\(name)", path: path) }
        case .keys(let keys, let tables):
            guard case .table(let items) = value else {
                throw UsageError("config file \(path): \(section) must be a table [\(section)]")
            }
            let allowed = keys.map(\.name) + tables.keys
            let values = ConfigSection(name: section, values: items)
            for (key, inner) in items.sorted(by: { $0.key < $1.key }) {
                if let table = tables[key] {
                    try check(inner, table, section: "\(section).\(key)", path: path)
                } else if let known = keys.first(where: { $0.name == key }) {
                    try known.validate?(values)
                } else {
                    throw unknown(key, in: section, allowed: allowed, path: path)
                }
            }
        }
    }

    private static func unknown(_ key: String, in section: String?, allowed: [String], path: String) -> UsageError {
        let place = section.map { "key \(key) in [\($0)]" } ?? "section [\(key)]"
        let meant = allowed.map { ($0, editDistance(key, $0)) }.filter { $0.1 <= max(2, key.count / 3) }.min {
            $0.1 < $1.1
        }?.0
        return UsageError(
            "config file \(path): unknown \(place)"
                + (meant.map { " (did you mean \($0)?)" } ?? " (known: \(allowed.sorted().joined(separator: ", ")))"))
    }

    /// Levenshtein distance, for "did you mean".
    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        guard !a.isEmpty else { return b.count }
        guard !b.isEmpty else { return a.count }
        var previous = Array(0...b.count)
        for i in 1...a.count {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return previous[b.count]
    }
}
