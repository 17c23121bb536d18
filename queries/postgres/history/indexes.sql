-- Every index of the current database for the history: its size, the scans counted since
-- the statistics were reset (stored as they are; the report takes differences), and
-- whether it enforces something (primary key, unique: never advised away).
SELECT s.schemaname AS schema,
       s.relname AS "table",
       s.indexrelname AS index,
       pg_relation_size(s.indexrelid) AS bytes,
       s.idx_scan AS scans,
       (i.indisunique OR i.indisprimary OR i.indisexclusion)::int AS is_unique
FROM pg_stat_user_indexes s
JOIN pg_index i ON i.indexrelid = s.indexrelid
ORDER BY 1, 2, 3
