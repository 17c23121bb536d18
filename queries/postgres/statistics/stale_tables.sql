-- Tables whose planner statistics are stale, as autovacuum judges them but on dbops'
-- thresholds: rows inserted, updated or deleted since the last ANALYZE (n_mod_since_analyze)
-- at least :min_rows and at least :share of the table; or a table with rows that was never
-- analyzed. Partitioned tables are listed when they have no statistics at all: autovacuum
-- analyzes their partitions but never the parent, whose statistics the planner uses for
-- queries on the whole table. Only tables this role may ANALYZE (it owns them, or is a
-- superuser) in schemas other than the system's.
SELECT n.nspname AS schema_name,
       c.relname AS table_name,
       c.relkind = 'p' AS partitioned,
       COALESCE(s.n_mod_since_analyze, 0) AS changed,
       GREATEST(c.reltuples, COALESCE(s.n_live_tup, 0), 0)::bigint AS estimated_rows,
       EXISTS (SELECT 1 FROM pg_statistic st WHERE st.starelid = c.oid) AS has_statistics,
       GREATEST(s.last_analyze, s.last_autoanalyze) AS last_analyzed
FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_stat_user_tables s ON s.relid = c.oid
WHERE c.relkind IN ('r', 'p', 'm')
  AND n.nspname NOT IN ('pg_catalog', 'information_schema')
  AND n.nspname NOT LIKE 'pg\_toast%' AND n.nspname NOT LIKE 'pg\_temp%'
  AND pg_has_role(c.relowner, 'USAGE')
  AND (
        (c.relkind = 'p'
         AND NOT EXISTS (SELECT 1 FROM pg_statistic st WHERE st.starelid = c.oid)
         AND EXISTS (SELECT 1 FROM pg_inherits i JOIN pg_class p ON p.oid = i.inhrelid
                     LEFT JOIN pg_stat_user_tables ps ON ps.relid = p.oid
                     WHERE i.inhparent = c.oid AND GREATEST(p.reltuples, COALESCE(ps.n_live_tup, 0)) > 0))
     OR (c.relkind <> 'p'
         AND GREATEST(c.reltuples, COALESCE(s.n_live_tup, 0)) > 0
         AND (   (s.last_analyze IS NULL AND s.last_autoanalyze IS NULL
                  AND NOT EXISTS (SELECT 1 FROM pg_statistic st WHERE st.starelid = c.oid))
              OR (s.n_mod_since_analyze >= :min_rows
                  AND s.n_mod_since_analyze >= :share * GREATEST(c.reltuples, s.n_live_tup))))
      )
ORDER BY changed DESC, n.nspname, c.relname
