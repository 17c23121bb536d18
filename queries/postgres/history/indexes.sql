-- Every index of the current database for the history: its size, the scans counted since
-- the statistics were reset (stored as they are; the report takes differences), and
-- whether it enforces something (primary key, unique: never advised away). The sizes of
-- the indexes of a table a migration holds ACCESS EXCLUSIVE, on itself or an index, are
-- left NULL (reading them would wait for the lock; catalog/held_tables.sql).
WITH held AS MATERIALIZED (
    -- dbops:include catalog/held_tables
)
SELECT s.schemaname AS schema,
       s.relname AS "table",
       s.indexrelname AS index,
       CASE WHEN NOT EXISTS (SELECT 1 FROM held h WHERE h.relation = s.relid)
            THEN pg_relation_size(s.indexrelid) END AS bytes,
       s.idx_scan AS scans,
       (i.indisunique OR i.indisprimary OR i.indisexclusion)::int AS is_unique
FROM pg_stat_user_indexes s
JOIN pg_index i ON i.indexrelid = s.indexrelid
ORDER BY 1, 2, 3
