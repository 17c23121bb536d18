import DBCore
import Foundation

/// A drill's temporary database on the scratch server, and the session that holds its
/// claim: a named lock (`pg_try_advisory_lock` in the server's own database, `GET_LOCK` on
/// MySQL/MariaDB) taken before the database is made and held until it is dropped. The
/// server lets the lock go when the drill dies, however it dies, so a scratch database
/// whose lock is free was left by a drill that was killed; the next drill on that server
/// drops it. A scheduled drill killed every night (the OOM killer, a cron timeout) left a
/// whole copy of the database behind each time, until the scratch server's disk filled.
final class DrillDatabase {
    let name: String
    private let scratch: ConnectionConfig
    private let holder: DatabaseConnection
    /// Leftovers dropped, or found and kept, for the drill's report.
    let warnings: [String]

    init(on scratch: ConnectionConfig, encoding: String?, locale: DatabaseLocale?) throws {
        self.scratch = scratch
        let holder = try GlobalsRestore.connectServer(scratch)
        do {
            var warnings = Self.dropLeftovers(on: holder)
            name = RestoreDrill.databasePrefix + String(UInt32.random(in: 0...UInt32.max), radix: 16)
            // Another drill can take this name only once it is free again (2^32 of them).
            guard try holder.tryNamedLock(RestoreDrill.lockName(of: name)) else {
                throw DBError(.io, "another drill holds the scratch database name \(name); run the drill again")
            }
            do {
                try TargetDatabase.create(name, encoding: encoding, locale: locale, on: holder)
            } catch let error as DBError where TargetDatabase.localeRefusals.contains(error.sqlState ?? "") {
                // A scratch server without the source's locale still proves the rows.
                guard let locale else { throw error }
                try TargetDatabase.create(name, encoding: encoding, locale: nil, on: holder)
                warnings.append(
                    "the source database's locale (\(locale.description)) is not on the scratch server: the scratch database has the server's"
                )
            }
            self.warnings = warnings
        } catch {
            holder.close()
            throw error
        }
        self.holder = holder
    }

    /// Drops the scratch databases no drill holds. One someone is connected to stays
    /// (PostgreSQL: no FORCE here), with a warning.
    static func dropLeftovers(on connection: DatabaseConnection) -> [String] {
        guard let rows = try? connection.named(.drillLeftovers).rows else { return [] }
        return rows.compactMap { row -> String? in
            guard let name = row["name"] ?? nil, (try? connection.tryNamedLock(RestoreDrill.lockName(of: name))) == true
            else {
                return nil
            }
            defer { try? connection.releaseNamedLock(RestoreDrill.lockName(of: name)) }
            do {
                try RestoreDrill.execute(.drillDropLeftover, name, on: connection)
                return "dropped \(name), a scratch database a killed drill left behind"
            } catch {
                return
                    "\(name), a scratch database a killed drill left behind, could not be dropped: \(DBError.oneLineDescription(of: error))"
            }
        }
    }

    /// Drops the database, whatever sessions are still attached to it, and lets the claim
    /// go; a warning when it could not be dropped. A holder the server dropped (a restart)
    /// held nothing any more: a new session drops it.
    func drop() -> String? {
        defer { holder.close() }
        do {
            if holder.isBroken {
                try GlobalsRestore.withServer(scratch) { try RestoreDrill.execute(.drillDropDatabase, name, on: $0) }
            } else {
                try RestoreDrill.execute(.drillDropDatabase, name, on: holder)
            }
            return nil
        } catch {
            return "the scratch database \(name) could not be dropped: \(DBError.oneLineDescription(of: error))"
        }
    }
}
