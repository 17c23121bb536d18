-- Tables read mostly by sequential scans over many rows: candidates for a missing index.
-- The sizes of a table a migration holds ACCESS EXCLUSIVE are left NULL (reading them
-- would wait for the lock; catalog/held_tables.sql).
WITH held AS MATERIALIZED (
    -- dbops:include catalog/held_tables
)
SELECT schemaname AS schema,
       relname AS "table",
       seq_scan,
       seq_tup_read,
       COALESCE(idx_scan, 0) AS idx_scan,
       n_live_tup AS live_rows,
       round(seq_tup_read::numeric / NULLIF(seq_scan, 0)) AS rows_per_seq_scan,
       CASE WHEN relid NOT IN (SELECT relation FROM held) THEN pg_relation_size(relid) END AS table_bytes,
       CASE WHEN relid NOT IN (SELECT relation FROM held) THEN pg_indexes_size(relid) END AS index_bytes
FROM pg_stat_user_tables
ORDER BY seq_tup_read DESC
