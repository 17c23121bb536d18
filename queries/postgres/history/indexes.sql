-- Every index of the current database for the history: its size and the scans counted
-- since the statistics were reset (stored as they are; the report takes differences).
SELECT s.schemaname AS schema,
       s.relname AS "table",
       s.indexrelname AS index,
       pg_relation_size(s.indexrelid) AS bytes,
       s.idx_scan AS scans
FROM pg_stat_user_indexes s
ORDER BY 1, 2, 3
