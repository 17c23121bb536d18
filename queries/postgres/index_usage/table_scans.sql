-- Tables read mostly by sequential scans over many rows: candidates for a missing index.
SELECT schemaname AS schema,
       relname AS "table",
       seq_scan,
       seq_tup_read,
       COALESCE(idx_scan, 0) AS idx_scan,
       n_live_tup AS live_rows,
       round(seq_tup_read::numeric / NULLIF(seq_scan, 0)) AS rows_per_seq_scan,
       pg_relation_size(relid) AS table_bytes,
       pg_indexes_size(relid) AS index_bytes
FROM pg_stat_user_tables
ORDER BY seq_tup_read DESC
