-- The sessions other than this one holding a lock on table $1 (a qualified name) or on one
-- of its partitions, the longest in a transaction first: what a DDL that gave up at its
-- lock timeout waited for. An application's open transaction that only read or locked rows
-- blocks a DETACH or an ALTER as surely as a migration does, and pg_locks is the only place
-- it shows: the statement that waited was cancelled, so pg_blocking_pids has nothing left.
WITH target AS (
    SELECT pg_catalog.to_regclass($1) AS relation
), relations AS (
    SELECT relation FROM target WHERE relation IS NOT NULL
    UNION
    SELECT i.inhrelid FROM pg_inherits i JOIN target t ON i.inhparent = t.relation
)
SELECT a.pid,
       a.usename AS "user",
       a.application_name AS application,
       a.state,
       pg_catalog.round(extract(epoch FROM pg_catalog.now() - a.xact_start)::numeric) AS transaction_seconds,
       pg_catalog.string_agg(DISTINCT l.mode, ', ' ORDER BY l.mode) AS modes
FROM pg_locks l
JOIN pg_stat_activity a ON a.pid = l.pid
WHERE l.locktype = 'relation'
  AND l.granted
  AND l.pid <> pg_catalog.pg_backend_pid()
  AND l.database = (SELECT oid FROM pg_database WHERE datname = pg_catalog.current_database())
  AND l.relation IN (SELECT relation FROM relations)
GROUP BY a.pid, a.usename, a.application_name, a.state, a.xact_start
ORDER BY a.xact_start NULLS LAST, a.pid
LIMIT 5
