import DBCore

/// Holds a PostgreSQL restore in its loading phase until the test lets it go, so that what
/// the test does meanwhile (an application locking `child`) is certain to come before
/// post-data: `child`'s CHECK calls a function that waits for an advisory lock the test
/// holds. `parent` and `child` are joined by the foreign key pg_restore adds in post-data.
struct RestoreGate {
    let key: Int

    /// The source database's tables, rows and gate function.
    var setupSQL: String {
        """
        CREATE FUNCTION gate(v int) RETURNS boolean LANGUAGE plpgsql AS
          $$ BEGIN PERFORM pg_advisory_xact_lock_shared(\(key)); RETURN true; END $$;
        CREATE TABLE parent (id int PRIMARY KEY);
        CREATE TABLE child (id int, parent_id int REFERENCES parent, CHECK (gate(id)));
        INSERT INTO parent SELECT g FROM generate_series(1, 10) g;
        INSERT INTO child SELECT g, g FROM generate_series(1, 10) g;
        """
    }

    /// Closes the gate, on a session of the target the test keeps until it opens it.
    func close(_ gate: DatabaseConnection) throws { _ = try gate.query("SELECT pg_advisory_lock(\(key))") }

    /// Whether the loading worker waits at the gate: child exists, its rows are not in yet.
    func isWaiting(_ gate: DatabaseConnection) throws -> Bool {
        try gate.scalar(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event = 'advisory'")
            == "1"
    }

    /// The application locks `child` in a transaction it keeps open, then the gate opens:
    /// the foreign key in post-data will wait for the application.
    func openWithChildLocked(_ gate: DatabaseConnection, application: DatabaseConnection) throws {
        try application.execute("BEGIN")
        try application.execute("LOCK TABLE child IN ROW EXCLUSIVE MODE")
        _ = try gate.query("SELECT pg_advisory_unlock(\(key))")
    }
}
