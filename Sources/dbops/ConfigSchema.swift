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
    }

    /// A table whose keys are names the user picks ([cleanup.rules.NAME]), each holding `entry`.
    indirect enum Node {
        case keys([Key], tables: [String: Node])
        case named(Node)
        /// Any keys (dimension names of an analytics profile, `match` columns of an archive rule).
        case free
    }

    static func keys(_ list: [Key], _ tables: [String: Node] = [:]) -> Node { .keys(list, tables: tables) }

    static let pacing: [Key] = [
        Key(name: "batch_size", type: "integer", defaultValue: "1000 (archive: 100)", meaning: "rows (roots) per batch, the most; 1 to 1,000,000"),
        Key(name: "pause", type: "duration", defaultValue: "50ms", meaning: "pause between batches"),
        Key(name: "max_runtime", type: "duration", defaultValue: "none", meaning: "stop cleanly after this long"),
        Key(name: "max_lag", type: "duration", defaultValue: "none", meaning: "wait while a replica is further behind"),
        Key(name: "lock_timeout", type: "duration", defaultValue: "500ms (partitions: 2s)", meaning: "longest a statement waits for a lock"),
        Key(name: "replicas", type: "list of URLs", defaultValue: "[]", meaning: "replicas to watch for max_lag"),
        Key(name: "builtin", type: "boolean", defaultValue: "true", meaning: "also apply the applications' built-in rules"),
    ]

    static let thresholds: Node = .named(keys([
        Key(name: "warning", type: "number", defaultValue: "per check", meaning: "warning limit"),
        Key(name: "critical", type: "number", defaultValue: "per check", meaning: "critical limit"),
    ]))

    static let metricSource: Node = keys([
        Key(name: "schema", type: "string", defaultValue: "search path / current database", meaning: "schema of the table"),
        Key(name: "table", type: "string", defaultValue: "required", meaning: "table read"),
        Key(name: "time", type: "string", defaultValue: "required", meaning: "time column"),
        Key(name: "user", type: "string", defaultValue: "none", meaning: "user column"),
        Key(name: "value", type: "string", defaultValue: "none", meaning: "value column (cost, duration)"),
        Key(name: "unit", type: "string", defaultValue: "none", meaning: "unit of the value"),
        Key(name: "default_by", type: "string", defaultValue: "none", meaning: "dimension used without --by"),
    ], ["dimensions": .free])

    static let root: [String: Node] = [
        "defaults": keys([
            Key(name: "connect_timeout", type: "duration", defaultValue: "5s", meaning: "time allowed to connect; 1s to 1h"),
            Key(name: "stall_timeout", type: "duration", defaultValue: "30s", meaning: "silence before dbops checks the server still answers; 1s to 1d"),
            Key(name: "format", type: "string", defaultValue: "text", meaning: "text, json, prometheus or csv"),
            Key(name: "queries_dir", type: "path", defaultValue: "none", meaning: ".sql files replacing built-in queries"),
        ]),
        "health": keys([
            Key(name: "checks", type: "list of strings", defaultValue: "all", meaning: "checks to run"),
            Key(name: "statement_timeout", type: "duration", defaultValue: "3s", meaning: "longest a health statement may run"),
            Key(name: "largest_tables", type: "integer", defaultValue: "5", meaning: "tables listed by database_size; 1 to 1000"),
        ], ["thresholds": thresholds]),
        "slow_queries": keys([
            Key(name: "limit", type: "integer", defaultValue: "10", meaning: "statements listed; 1 to 100,000"),
            Key(name: "order_by", type: "string", defaultValue: "total", meaning: "total, mean, calls, rows or io"),
            Key(name: "snapshot", type: "path", defaultValue: "none", meaning: "report the difference since the previous run"),
        ], ["thresholds": thresholds]),
        "index_usage": keys([
            Key(name: "max_scans", type: "integer", defaultValue: "0", meaning: "an index with at most this many scans is unused"),
        ], ["thresholds": thresholds]),
        "analytics": keys([
            Key(name: "profile", type: "string", defaultValue: "detected", meaning: "profile to use"),
            Key(name: "since", type: "string", defaultValue: "30d (latency 7d)", meaning: "start of the range"),
            Key(name: "time_zone", type: "string", defaultValue: "UTC", meaning: "zone whose days the report counts"),
            Key(name: "statement_timeout", type: "duration", defaultValue: "300s", meaning: "longest the report statement may run"),
            Key(name: "top", type: "integer", defaultValue: "10", meaning: "cost: dimension values listed; 1 to 10,000"),
            Key(name: "percentiles", type: "string", defaultValue: "50,95,99", meaning: "latency: percentiles shown"),
        ], ["profiles": .named(keys([
            Key(name: "summary", type: "string", defaultValue: "the profile's name", meaning: "what the profile covers"),
            Key(name: "detect", type: "list of strings", defaultValue: "[]", meaning: "pick the profile when these tables exist"),
        ], ["dau": metricSource, "cost": metricSource, "latency": metricSource]))]),
        "backup": keys([
            Key(name: "output", type: "path", defaultValue: "required", meaning: "backup folder ({database}, {timestamp}) or -"),
            Key(name: "jobs", type: "integer", defaultValue: "2", meaning: "parallel workers; 1 to 64"),
            Key(name: "zstd_level", type: "integer", defaultValue: "2", meaning: "zstd level; 1 to 19"),
            Key(name: "zstd_threads", type: "integer", defaultValue: "0", meaning: "zstd threads per file; 0 to 64"),
            Key(name: "chunk_size", type: "size", defaultValue: "256MB", meaning: "split tables bigger than this; 1MB to 1TB"),
            Key(name: "lock_timeout", type: "duration", defaultValue: "10s", meaning: "wait for table locks at the snapshot"),
            Key(name: "copy_format", type: "string", defaultValue: "binary", meaning: "PostgreSQL rows as binary or text COPY"),
            Key(name: "keep", type: "integer", defaultValue: "none", meaning: "prune: newest backups kept per database"),
            Key(name: "older_than", type: "duration", defaultValue: "none", meaning: "prune: remove backups older than this"),
        ]),
        "restore": keys([
            Key(name: "jobs", type: "integer", defaultValue: "2", meaning: "parallel workers; 1 to 64"),
        ]),
        "cleanup": keys(pacing, ["rules": .named(keys([
            Key(name: "table", type: "string", defaultValue: "required", meaning: "table to clean"),
            Key(name: "column", type: "string", defaultValue: "required", meaning: "expiry column"),
            Key(name: "schema", type: "string", defaultValue: "search path / current database", meaning: "schema of the table"),
            Key(name: "grace", type: "duration", defaultValue: "0s", meaning: "keep rows this long past their expiry"),
            Key(name: "clock", type: "string", defaultValue: "server", meaning: "server or utc: the clock a column without a time zone is read on"),
        ]))]),
        "partitions": keys(pacing + [
            Key(name: "premake", type: "integer", defaultValue: "2", meaning: "partitions ready after the current one; 0 to 120"),
            Key(name: "retention_dir", type: "path", defaultValue: "none", meaning: "where retired partitions are dumped"),
        ], ["rules": .named(keys([
            Key(name: "table", type: "string", defaultValue: "required", meaning: "partitioned table"),
            Key(name: "schema", type: "string", defaultValue: "search path / current database", meaning: "schema of the table"),
            Key(name: "column", type: "string", defaultValue: "none", meaning: "time column (for advice when not partitioned)"),
            Key(name: "interval", type: "string", defaultValue: "yearly", meaning: "yearly or monthly"),
            Key(name: "premake", type: "integer", defaultValue: "2", meaning: "partitions ready after the current one; 0 to 120"),
            Key(name: "time_zone", type: "string", defaultValue: "the server's TimeZone", meaning: "whose midnights bound a timestamptz key"),
            Key(name: "retention", type: "string", defaultValue: "none", meaning: "drop partitions wholly older (e.g. \"2 years\")"),
        ]))]),
        "archive": keys(pacing + [
            Key(name: "to_file", type: "path", defaultValue: "none", meaning: "write archived rows to archive files here"),
        ], ["rules": .named(keys([
            Key(name: "table", type: "string", defaultValue: "required", meaning: "root table"),
            Key(name: "schema", type: "string", defaultValue: "search path / current database", meaning: "schema of the table"),
            Key(name: "time_column", type: "string", defaultValue: "required", meaning: "age column"),
            Key(name: "older_than", type: "duration", defaultValue: "required", meaning: "archive roots older than this"),
            Key(name: "suffix", type: "string", defaultValue: "_archive", meaning: "archive table names"),
        ], ["match": .free]))]),
    ]

    /// [targets.NAME]: connection keys, and any job table merged over the global one.
    static let targetKeys: [Key] = [
        Key(name: "url", type: "URL", defaultValue: "url or url_env required", meaning: "the target (a password in it needs a private file)"),
        Key(name: "url_env", type: "string", defaultValue: "none", meaning: "environment variable holding the URL"),
        Key(name: "password_file", type: "path", defaultValue: "none", meaning: "file holding the password (mode 0600)"),
        Key(name: "connect_timeout", type: "duration", defaultValue: "[defaults]", meaning: "time allowed to connect"),
    ]

    /// The reference, as Markdown tables (the README's "Config reference" is this text).
    static func markdown() -> String {
        var out = ""
        func table(_ title: String, _ keys: [Key]) {
            out += "`\(title)`\n\n| key | type | default | meaning |\n|---|---|---|---|\n"
            for key in keys { out += "| `\(key.name)` | \(key.type) | \(key.defaultValue) | \(key.meaning) |\n" }
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
        let order = ["defaults", "health", "slow_queries", "index_usage", "analytics", "backup", "restore", "cleanup", "partitions", "archive"]
        for name in order { if let node = root[name] { walk(name, node) } }
        table("[targets.NAME]", targetKeys)
        out += "`[targets.NAME.JOB]`: any job table above, merged over the global one for that target.\n"
        return out
    }

    /// Checks a parsed file: every key known, every table where a table belongs.
    static func validate(_ root: [String: ConfigValue], path: String) throws {
        for (name, value) in root {
            if name == "targets" {
                guard case .table(let targets) = value else { throw UsageError("config file \(path): [targets] must hold [targets.NAME] tables") }
                for (target, entry) in targets {
                    guard case .table(let keys) = entry else { throw UsageError("config file \(path): [targets.\(target)] must be a table") }
                    let allowed = targetKeys.map(\.name) + Self.root.keys.filter { $0 != "defaults" }
                    for (key, inner) in keys {
                        guard allowed.contains(key) else { throw unknown(key, in: "targets.\(target)", allowed: allowed, path: path) }
                        if let node = Self.root[key] { try check(inner, node, section: "targets.\(target).\(key)", path: path) }
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
            guard case .table(let items) = value else { throw UsageError("config file \(path): [\(section)] must hold [\(section).NAME] tables") }
            for (name, item) in items { try check(item, entry, section: "\(section).\(name)", path: path) }
        case .keys(let keys, let tables):
            guard case .table(let items) = value else { throw UsageError("config file \(path): \(section) must be a table [\(section)]") }
            let allowed = keys.map(\.name) + tables.keys
            for (key, inner) in items {
                if let table = tables[key] {
                    try check(inner, table, section: "\(section).\(key)", path: path)
                } else if !keys.contains(where: { $0.name == key }) {
                    throw unknown(key, in: section, allowed: allowed, path: path)
                }
            }
        }
    }

    private static func unknown(_ key: String, in section: String?, allowed: [String], path: String) -> UsageError {
        let place = section.map { "key \(key) in [\($0)]" } ?? "section [\(key)]"
        let meant = allowed.map { ($0, editDistance(key, $0)) }.filter { $0.1 <= max(2, key.count / 3) }.min { $0.1 < $1.1 }?.0
        return UsageError("config file \(path): unknown \(place)" + (meant.map { " (did you mean \($0)?)" } ?? " (known: \(allowed.sorted().joined(separator: ", ")))"))
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
