import DBCore

/// The triggers a PostgreSQL `restore --table` turns off while it reloads existing tables:
/// COPY fires every INSERT trigger on every row (a BEFORE trigger would change the
/// restored rows, an audit trigger write a row elsewhere for each) and TRUNCATE fires its
/// own. Each enabled INSERT, DELETE and TRUNCATE trigger but the internal ones behind
/// foreign keys is disabled by name and enabled again in the mode it had (ALWAYS and
/// REPLICA triggers fire even under --disable-triggers' replica role), all inside the
/// reload's transaction: a reload that fails or is killed leaves them as they were.
/// Disabling one needs the table's owner; a table with UPDATE triggers only needs nothing.
struct PausedTriggers {
    private var paused: [(table: String, name: String, mode: String)] = []

    init(_ tables: [TableEntry], _ admin: PostgresConnection) throws {
        let d = admin.dialect
        for table in tables {
            let qualified = d.qualified(table.schema, table.name)
            for row in try admin.named(.restoreFiringTriggers, [.text(qualified)]).rows {
                guard let name = row["name"], let mode = row["mode"] else { continue }
                do { try admin.executeScript("ALTER TABLE \(qualified) DISABLE TRIGGER \(d.quote(name))") } catch let
                    error as DBError where error.code == .permissionDenied
                {
                    throw DBError(
                        error.code,
                        "turning off trigger \(name) of table \(table.qualifiedName) for the reload needs the table's owner (\(error.message)): restore as its owner, or add --fire-triggers to reload it with its triggers firing"
                    )
                }
                paused.append((qualified, name, mode))
            }
        }
    }

    /// Each trigger enabled again as it was.
    func resume(_ admin: PostgresConnection) throws {
        let d = admin.dialect
        for trigger in paused {
            let how = trigger.mode == "A" ? "ENABLE ALWAYS" : trigger.mode == "R" ? "ENABLE REPLICA" : "ENABLE"
            try admin.executeScript("ALTER TABLE \(trigger.table) \(how) TRIGGER \(d.quote(trigger.name))")
        }
    }
}
