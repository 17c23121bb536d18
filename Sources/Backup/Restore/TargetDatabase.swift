import DBCore
import Foundation

/// The database a restore goes into, made when asked (`restore --create`) and for every
/// drill: PostgreSQL from template0 in the source's encoding and locale, MySQL/MariaDB
/// with the server's default character set.
public enum TargetDatabase {
    /// Creates `name` unless the server has it; true when this call created it. Two
    /// restores racing to create it do not fail on it: the loser finds it made, and the
    /// restore's job lock then keeps it out. `statement` (a whole-server backup's own
    /// CREATE DATABASE) replaces the default making.
    public static func createIfMissing(
        _ name: String, encoding: String?, locale: DatabaseLocale?, tablespace: String? = nil,
        config: ConnectionConfig, statement: ((DatabaseConnection) throws -> Void)? = nil
    ) throws -> Bool {
        try GlobalsRestore.withServer(config) { connection in
            let exists = { try connection.scalar(.globalsDatabaseExists, [.text(name)]) != nil }
            if try exists() { return false }
            try WritableServer.require(connection, for: "restore --create")
            do {
                if let statement {
                    try statement(connection)
                } else {
                    try create(name, encoding: encoding, locale: locale, tablespace: tablespace, on: connection)
                }
            } catch {
                if (try? exists()) == true { return false }
                throw DBError.wrap(error, context: "cannot create database \(name)")
            }
            return true
        }
    }

    /// What PostgreSQL says of a locale it lacks: an unknown name (42809), or one that does
    /// not go with the encoding (22023).
    static let localeRefusals: Set<String> = ["42809", "22023"]

    /// As the source was made when the backup recorded its locale; else (an older backup,
    /// MySQL) in the source's encoding when it is not UTF8, with the C locale, which goes
    /// with every encoding (the server's own locale may not).
    static func create(
        _ name: String, encoding: String?, locale: DatabaseLocale?, tablespace: String? = nil,
        on connection: DatabaseConnection
    ) throws {
        if let locale, let encoding {
            let statement = try connection.scalar(
                .restoreCreateDatabaseAsSource,
                [
                    .text(name), .text(encoding), .text(locale.collate), .text(locale.ctype),
                    .text(locale.provider), locale.locale.map { .text($0) } ?? .null,
                    locale.icuRules.map { .text($0) } ?? .null, tablespace.map { .text($0) } ?? .null,
                ])
            do {
                try connection.executeScript(statement ?? "")
            } catch let error as DBError where localeRefusals.contains(error.sqlState ?? "") {
                throw DBError(
                    error.code,
                    "\(error.message); the source database's locale (\(locale.description)) is not on this server: install it, or create the database yourself and restore into it without --create",
                    sqlState: error.sqlState)
            } catch let error as DBError where error.sqlState == "42704" && tablespace != nil {
                throw DBError(
                    error.code,
                    "\(error.message); the source database's default tablespace is not on this server: add --no-tablespaces to make the database in the server's default",
                    sqlState: error.sqlState)
            }
            return
        }
        // Only a name of letters, digits and underscores is taken from the manifest.
        let clause =
            encoding.flatMap { name in
                name != "UTF8" && !name.isEmpty
                    && name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }
                    ? " ENCODING '\(name)' LC_COLLATE 'C' LC_CTYPE 'C'" : nil
            } ?? ""
        let rendered = try SQLTemplate.named(.restoreCreateDatabase, server: connection.server).render(
            dialect: connection.dialect, identifiers: ["database": name],
            fragments: ["encoding": SQLTemplate.Fragment(clause)])
        try connection.executeScript(rendered.sql)
    }
}
