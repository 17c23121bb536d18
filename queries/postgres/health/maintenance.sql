-- Tables past autovacuum's own trigger points (dead rows for VACUUM, changed rows for
-- ANALYZE), with the last time each ran. Per-table autovacuum settings are honoured.
WITH settings AS (
    SELECT current_setting('autovacuum_vacuum_threshold')::float8 AS vacuum_base,
           current_setting('autovacuum_vacuum_scale_factor')::float8 AS vacuum_scale,
           current_setting('autovacuum_analyze_threshold')::float8 AS analyze_base,
           current_setting('autovacuum_analyze_scale_factor')::float8 AS analyze_scale
), options AS (
    SELECT c.oid,
           (SELECT split_part(o, '=', 2)::float8 FROM unnest(c.reloptions) o WHERE o LIKE 'autovacuum_vacuum_threshold=%') AS vacuum_base,
           (SELECT split_part(o, '=', 2)::float8 FROM unnest(c.reloptions) o WHERE o LIKE 'autovacuum_vacuum_scale_factor=%') AS vacuum_scale,
           (SELECT split_part(o, '=', 2)::float8 FROM unnest(c.reloptions) o WHERE o LIKE 'autovacuum_analyze_threshold=%') AS analyze_base,
           (SELECT split_part(o, '=', 2)::float8 FROM unnest(c.reloptions) o WHERE o LIKE 'autovacuum_analyze_scale_factor=%') AS analyze_scale,
           COALESCE((SELECT split_part(o, '=', 2) FROM unnest(c.reloptions) o WHERE o LIKE 'autovacuum_enabled=%'), 'true') AS autovacuum_enabled
    FROM pg_class c
)
SELECT s.schemaname AS schema,
       s.relname AS "table",
       s.n_live_tup AS live_rows,
       s.n_dead_tup AS dead_rows,
       s.n_mod_since_analyze AS changed_rows,
       round(extract(epoch FROM now() - GREATEST(s.last_vacuum, s.last_autovacuum))::numeric) AS vacuum_age_seconds,
       round(extract(epoch FROM now() - GREATEST(s.last_analyze, s.last_autoanalyze))::numeric) AS analyze_age_seconds,
       o.autovacuum_enabled,
       s.n_dead_tup > COALESCE(o.vacuum_base, st.vacuum_base)
                    + COALESCE(o.vacuum_scale, st.vacuum_scale) * GREATEST(c.reltuples, 0) AS vacuum_due,
       s.n_mod_since_analyze > COALESCE(o.analyze_base, st.analyze_base)
                             + COALESCE(o.analyze_scale, st.analyze_scale) * GREATEST(c.reltuples, 0) AS analyze_due
FROM pg_stat_user_tables s
JOIN pg_class c ON c.oid = s.relid
JOIN options o ON o.oid = s.relid
CROSS JOIN settings st
ORDER BY s.n_dead_tup DESC
