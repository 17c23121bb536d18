-- dbops history store, version 1 (SQLite). One row per snapshot of a target; its values
-- hang off it and go with it when retention deletes it.
CREATE TABLE snapshot (
    id         INTEGER PRIMARY KEY,
    target     TEXT NOT NULL,
    engine     TEXT NOT NULL,
    taken_at   REAL NOT NULL,          -- Unix seconds
    seconds    REAL NOT NULL,          -- how long the snapshot took
    statements_mode TEXT,              -- delta | cumulative | NULL (none read)
    notes      TEXT NOT NULL DEFAULT ''
);
CREATE INDEX snapshot_target_taken ON snapshot (target, taken_at);
CREATE INDEX snapshot_taken ON snapshot (taken_at);

-- One value of one series: metric (health.connections, table.total_bytes, index.scans, ...)
-- of a subject (public.orders; '' for the target as a whole).
CREATE TABLE sample (
    snapshot_id INTEGER NOT NULL REFERENCES snapshot (id) ON DELETE CASCADE,
    metric      TEXT NOT NULL,
    subject     TEXT NOT NULL,
    value       REAL NOT NULL,
    PRIMARY KEY (snapshot_id, metric, subject)
) WITHOUT ROWID;
CREATE INDEX sample_metric ON sample (metric, subject);

-- The statements that ran between a snapshot and the one before it.
CREATE TABLE statement (
    snapshot_id INTEGER NOT NULL REFERENCES snapshot (id) ON DELETE CASCADE,
    query_id    TEXT NOT NULL,
    calls       INTEGER NOT NULL,
    total_ms    REAL NOT NULL,
    rows        INTEGER NOT NULL,
    PRIMARY KEY (snapshot_id, query_id)
) WITHOUT ROWID;

-- Statement texts, once per target.
CREATE TABLE statement_text (
    target   TEXT NOT NULL,
    query_id TEXT NOT NULL,
    query    TEXT NOT NULL,
    PRIMARY KEY (target, query_id)
) WITHOUT ROWID;

-- The server's cumulative counters as last read, for the next snapshot's differences.
CREATE TABLE statement_state (
    target TEXT PRIMARY KEY,
    state  BLOB NOT NULL
);

-- Analytics per local day: recomputed only for days not stored yet (and the current day).
CREATE TABLE analytics_day (
    target      TEXT NOT NULL,
    day         TEXT NOT NULL,          -- YYYY-MM-DD
    report      TEXT NOT NULL,          -- dau | cost | latency
    dimension   TEXT NOT NULL,
    metric      TEXT NOT NULL,
    value       REAL NOT NULL,
    computed_at REAL NOT NULL,
    PRIMARY KEY (target, report, day, dimension, metric)
) WITHOUT ROWID;
