/// PostgreSQL: the source database's locale, as CREATE DATABASE takes it. It decides how
/// the database's text sorts and compares (ORDER BY, an index's order, upper()): a
/// restore --create or a drill makes its database with it, as pg_restore --create does,
/// rather than with the target server's default. Absent in backups made before dbops
/// recorded it.
public struct DatabaseLocale: Codable, Equatable, Sendable {
    /// pg_database.datlocprovider: "c" (libc), "i" (ICU), "b" (builtin, PostgreSQL 17).
    public var provider: String
    public var collate: String
    public var ctype: String
    /// The ICU or builtin provider's locale (daticulocale, datlocale from 17).
    public var locale: String?
    /// ICU tailoring rules (PostgreSQL 16).
    public var icuRules: String?

    enum CodingKeys: String, CodingKey {
        case provider, collate, ctype, locale
        case icuRules = "icu_rules"
    }

    public init(provider: String, collate: String, ctype: String, locale: String?, icuRules: String?) {
        self.provider = provider
        self.collate = collate
        self.ctype = ctype
        self.locale = locale
        self.icuRules = icuRules
    }

    /// "libc de_DE.UTF-8", "ICU sv-SE (collation C.UTF-8)": for messages.
    public var description: String {
        let characters = collate == ctype ? collate : "\(collate), character classes \(ctype)"
        switch provider {
        case "i": return "ICU \(locale ?? "?") (collation \(characters))"
        case "b": return "builtin \(locale ?? "?") (collation \(characters))"
        default: return "libc \(characters)"
        }
    }
}
