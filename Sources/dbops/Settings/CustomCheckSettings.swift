import DBCore
import Health

/// [checks.NAME]: the operator's own health checks (check_postgres' custom_query).
enum CustomCheckSettings {
    static let postgres = Setting(
        "postgres", .text("SQL", valueName: "sql"), shown: "postgres or mysql required", flag: .none,
        "PostgreSQL statement returning one number, or rows with a value column (each judged, the worst decides)")
    static let mysql = Setting(
        "mysql", .text("SQL", valueName: "sql"), shown: "postgres or mysql required", flag: .none,
        "MySQL/MariaDB statement, as postgres")
    static let unit = Setting(
        "unit", .choice(CheckUnit.self), default: .number, flag: .none, "what the number is, for text and Nagios output"
    )
    static let warning = Setting(
        "warning", .number(-1e15...1e15), flag: .none, "WARNING at or past this value")
    static let critical = Setting(
        "critical", .number(-1e15...1e15), flag: .none, "CRITICAL at or past this value")
    static let direction = Setting(
        "direction", .choice(Thresholds.Direction.self), default: .above, flag: .none,
        "above: bad when the value is at or over a limit; below: at or under")
    static let help = Setting("help", .string, shown: "the statement", flag: .none, "what the check measures")

    static let all: [SettingDeclaration] = [postgres, mysql, unit, warning, critical, direction, help]

    /// The checks defined for `engine`: one without a statement for it does not run there.
    static func checks(_ section: ConfigSection, engine: Engine) throws -> [CustomCheck] {
        let builtIn = Set(Engine.allCases.flatMap { HealthRunner.catalog(for: $0).map(\.name) })
        return try section.keys.compactMap { name in
            let entry = try section.section(name)
            guard !builtIn.contains(name) else {
                throw UsageError("config: [checks.\(name)]: a built-in check has that name; choose another")
            }
            guard name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }), !name.isEmpty else {
                throw UsageError("config: [checks.\(name)]: a check name is letters, digits and _")
            }
            let statements = (postgres: try postgres.given(nil, entry), mysql: try mysql.given(nil, entry))
            guard statements.postgres != nil || statements.mysql != nil else {
                throw UsageError("config: [checks.\(name)] needs a postgres or mysql statement")
            }
            // Everything is checked whichever engine runs now: a typo in a check for the
            // other engine is found on this one's first run too.
            var limits = Thresholds()
            try warning.apply(nil, entry, to: &limits.warning)
            try critical.apply(nil, entry, to: &limits.critical)
            try direction.apply(nil, entry, to: &limits.direction)
            var chosen = CheckUnit.number
            try unit.apply(nil, entry, to: &chosen)
            let helpText = try help.given(nil, entry)
            guard let sql = [Engine.postgres: statements.postgres, .mysql: statements.mysql][engine] ?? nil else {
                return nil
            }
            return CustomCheck(
                name: name, help: helpText ?? "custom: \(sql.prefix(80))", sql: sql,
                unit: chosen == .number ? nil : chosen.rawValue, thresholds: limits)
        }
    }
}
