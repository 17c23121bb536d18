-- Every index of the current database for the history: its size, the scans counted since
-- the statistics were reset (stored as they are; the report takes differences), and
-- whether it enforces something (primary key, unique: never advised away). The size of an
-- index whose table or itself a migration holds ACCESS EXCLUSIVE is left NULL (reading it
-- would wait for the lock; see tables.sql).
WITH held AS MATERIALIZED (
    SELECT DISTINCT relation
    FROM pg_locks
    WHERE locktype = 'relation'
      AND mode = 'AccessExclusiveLock'
      AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
)
SELECT s.schemaname AS schema,
       s.relname AS "table",
       s.indexrelname AS index,
       CASE WHEN NOT EXISTS (SELECT 1 FROM held h WHERE h.relation IN (s.relid, s.indexrelid))
            THEN pg_relation_size(s.indexrelid) END AS bytes,
       s.idx_scan AS scans,
       (i.indisunique OR i.indisprimary OR i.indisexclusion)::int AS is_unique
FROM pg_stat_user_indexes s
JOIN pg_index i ON i.indexrelid = s.indexrelid
ORDER BY 1, 2, 3
