-- dbops history store, version 4: the jobs' own runs (backup, drill, cleanup, archive,
-- partitions), each recorded by the job as it ends when a store is kept, so the report
-- shows every run and not only what a snapshot happened to see.
CREATE TABLE job_run (
    id         INTEGER PRIMARY KEY,
    target     TEXT NOT NULL,          -- as snapshot names it (TARGET or TARGET/DATABASE)
    job        TEXT NOT NULL,          -- backup | drill | cleanup | archive | partitions
    started_at REAL NOT NULL,          -- Unix seconds
    seconds    REAL NOT NULL,
    outcome    TEXT NOT NULL,          -- complete | failed | skipped | interrupted | ...
    rows       INTEGER,                -- rows deleted, archived or backed up
    bytes      INTEGER,                -- a backup's size on disk, an archive's files
    path       TEXT,                   -- the backup folder (a drill finds its target by it)
    detail     TEXT NOT NULL DEFAULT '' -- one line: what was done, or why it failed
);
CREATE INDEX job_run_started ON job_run (started_at);
CREATE INDEX job_run_path ON job_run (path) WHERE path IS NOT NULL;
