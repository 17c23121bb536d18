-- Estimated table bloat from planner statistics (the estimate check_postgres and pghero
-- make, no extension needed): the pages the live rows would need — rows x (23-byte tuple
-- header and null bitmap, 8-byte aligned, + 4-byte line pointer + the average row width
-- pg_stats gives) at the table's fill factor — against the pages the heap has. Tables
-- whose columns lack statistics (never analyzed) are left out; pgstattuple reads the
-- table for exact numbers. pg_stats shows a role only the columns it may SELECT (and no
-- table under row security): a table large enough to judge whose statistics this role may
-- not read comes last with no estimate, and every row carries how many there are, so a
-- monitoring role without SELECT is told rather than shown "nothing to judge".
WITH tbl AS (
    SELECT n.nspname AS schema,
           c.relname AS "table",
           c.relpages,
           c.reltuples,
           current_setting('block_size')::numeric AS block_size,
           COALESCE((SELECT split_part(o, '=', 2)::numeric FROM unnest(c.reloptions) o WHERE o LIKE 'fillfactor=%'), 100) AS fillfactor,
           w.row_width,
           (SELECT count(*) FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped) AS columns,
           w.analyzed_columns,
           NOT has_table_privilege(c.oid, 'SELECT') OR row_security_active(c.oid) AS hidden
    FROM pg_class c
    JOIN pg_namespace n ON n.oid = c.relnamespace
    -- pg_stats once: the view is costly to plan, and a fleet plans it in every database.
    CROSS JOIN LATERAL (
        SELECT sum((1 - COALESCE(s.null_frac, 0)) * s.avg_width) AS row_width,
               count(*) AS analyzed_columns
        FROM pg_stats s
        WHERE s.schemaname = n.nspname AND s.tablename = c.relname) w
    WHERE c.relkind IN ('r', 'm')
      AND c.relpages > 16
      AND c.reltuples >= 0
      AND n.nspname NOT IN ('pg_catalog', 'information_schema')
      AND n.nspname !~ '^pg_'
), estimate AS (
    SELECT *,
           ceil(reltuples * (4 + 24 + ceil(COALESCE(row_width, 0) / 8.0) * 8)
                / ((block_size - 24) * fillfactor / 100)) AS expected_pages
    FROM tbl
    WHERE analyzed_columns >= columns OR hidden
)
SELECT schema,
       "table",
       relpages * block_size AS bytes,
       CASE WHEN analyzed_columns < columns THEN NULL
            ELSE GREATEST(relpages - expected_pages, 0) * block_size END AS bloat_bytes,
       CASE WHEN analyzed_columns < columns THEN NULL
            ELSE round((100 * GREATEST(relpages - expected_pages, 0) / relpages)::numeric, 1) END AS bloat_percent,
       count(*) FILTER (WHERE analyzed_columns < columns) OVER () AS unreadable
FROM estimate
ORDER BY bloat_bytes DESC NULLS LAST
LIMIT 10
