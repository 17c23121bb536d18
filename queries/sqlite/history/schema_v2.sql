-- dbops history store, version 2: when each HTML/JSON report was made, so the next one can
-- say what changed since.
CREATE TABLE report_run (
    id       INTEGER PRIMARY KEY,
    made_at  REAL NOT NULL,       -- Unix seconds
    targets  TEXT NOT NULL        -- the selection, as given ('' for all)
);

-- What index-usage advised at each snapshot (unused, duplicate, redundant, invalid ...),
-- with the statement to review: the report shows the latest.
CREATE TABLE index_finding (
    snapshot_id INTEGER NOT NULL REFERENCES snapshot (id) ON DELETE CASCADE,
    kind        TEXT NOT NULL,
    subject     TEXT NOT NULL,          -- schema.table.index (or schema.table)
    detail      TEXT NOT NULL,
    bytes       INTEGER,
    statement   TEXT NOT NULL
);
CREATE INDEX index_finding_snapshot ON index_finding (snapshot_id);
