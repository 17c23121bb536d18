-- dbops history store on PostgreSQL, a team's shared store (--history postgres://...): the
-- SQLite store's tables (queries/sqlite/history/schema_v1.sql to schema_v4.sql) in a schema
-- of their own, created at once as store version 1. Times are Unix seconds and days
-- 'YYYY-MM-DD' text, as in the SQLite file, so the two stores answer every question alike.
CREATE SCHEMA IF NOT EXISTS dbops_history;
SET LOCAL search_path = dbops_history;
CREATE TABLE store_version (version int NOT NULL);
CREATE TABLE snapshot (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    target          text NOT NULL,
    engine          text NOT NULL,
    taken_at        double precision NOT NULL,
    seconds         double precision NOT NULL,
    statements_mode text,
    notes           text NOT NULL DEFAULT ''
);
CREATE INDEX snapshot_target_taken ON snapshot (target, taken_at);
CREATE INDEX snapshot_taken ON snapshot (taken_at);
CREATE TABLE sample (
    snapshot_id bigint NOT NULL REFERENCES snapshot (id) ON DELETE CASCADE,
    metric      text NOT NULL,
    subject     text NOT NULL,
    value       double precision NOT NULL,
    PRIMARY KEY (snapshot_id, metric, subject)
);
CREATE INDEX sample_metric ON sample (metric, subject);
CREATE TABLE statement (
    snapshot_id bigint NOT NULL REFERENCES snapshot (id) ON DELETE CASCADE,
    query_id    text NOT NULL,
    calls       bigint NOT NULL,
    total_ms    double precision NOT NULL,
    rows        bigint NOT NULL,
    PRIMARY KEY (snapshot_id, query_id)
);
CREATE TABLE statement_text (
    target   text NOT NULL,
    query_id text NOT NULL,
    query    text NOT NULL,
    PRIMARY KEY (target, query_id)
);
CREATE TABLE statement_state (
    target text PRIMARY KEY,
    state  text NOT NULL            -- base64 of the counters' encoding
);
CREATE TABLE analytics_day (
    target      text NOT NULL,
    day         text NOT NULL,
    report      text NOT NULL,
    dimension   text NOT NULL,
    metric      text NOT NULL,
    value       double precision NOT NULL,
    computed_at double precision NOT NULL,
    PRIMARY KEY (target, report, day, dimension, metric)
);
CREATE INDEX analytics_day_day ON analytics_day (day);
CREATE TABLE report_run (
    id      bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    made_at double precision NOT NULL,
    targets text NOT NULL
);
CREATE TABLE index_finding (
    snapshot_id bigint NOT NULL REFERENCES snapshot (id) ON DELETE CASCADE,
    kind        text NOT NULL,
    subject     text NOT NULL,
    detail      text NOT NULL,
    bytes       bigint,
    statement   text NOT NULL
);
CREATE INDEX index_finding_snapshot ON index_finding (snapshot_id);
CREATE TABLE job_run (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    target     text NOT NULL,
    job        text NOT NULL,
    started_at double precision NOT NULL,
    seconds    double precision NOT NULL,
    outcome    text NOT NULL,
    rows       bigint,
    bytes      bigint,
    path       text,
    detail     text NOT NULL DEFAULT ''
);
CREATE INDEX job_run_started ON job_run (started_at);
CREATE INDEX job_run_path ON job_run (path) WHERE path IS NOT NULL;
INSERT INTO store_version VALUES (1);
