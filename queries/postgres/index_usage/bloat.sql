-- Estimated bloat of B-tree indexes on plain columns, from planner statistics: the pages
-- the index would need (rows x (tuple header + item pointer + aligned key width), at its
-- fill factor) against the pages it has. An estimate, like the check_postgres and ioguix
-- queries it follows; pgstattuple gives exact numbers at the cost of reading the index.
-- pg_stats shows a role only the columns it may SELECT: an index whose key statistics this
-- role may not read comes last with no estimate, and every row carries how many there are.
WITH idx AS (
    SELECT n.nspname AS schema,
           t.relname AS "table",
           c.relname AS index,
           c.relpages,
           c.reltuples,
           current_setting('block_size')::numeric AS block_size,
           COALESCE((SELECT split_part(o, '=', 2)::numeric FROM unnest(c.reloptions) o WHERE o LIKE 'fillfactor=%'), 90) AS fillfactor,
           k.key_width,
           k.has_stats,
           NOT has_table_privilege(t.oid, 'SELECT') OR row_security_active(t.oid) AS hidden
    FROM pg_index i
    JOIN pg_class c ON c.oid = i.indexrelid
    JOIN pg_class t ON t.oid = i.indrelid
    JOIN pg_namespace n ON n.oid = t.relnamespace
    JOIN pg_am am ON am.oid = c.relam
    -- pg_stats once: the view is costly to plan, and a fleet plans it in every database.
    CROSS JOIN LATERAL (
        SELECT sum(COALESCE(s.avg_width, 1024)) AS key_width,
               bool_and(s.avg_width IS NOT NULL) AS has_stats
        FROM unnest((string_to_array(i.indkey::text, ' ')::int2[])[1:i.indnatts]) k(attnum)
        JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
        LEFT JOIN pg_stats s ON s.schemaname = n.nspname AND s.tablename = t.relname AND s.attname = a.attname) k
    WHERE am.amname = 'btree'
      AND c.relkind = 'i'
      AND i.indexprs IS NULL
      AND c.relpages > 16
      AND n.nspname NOT IN ('pg_catalog', 'information_schema')
      AND n.nspname !~ '^pg_'
), estimate AS (
    SELECT *,
           -- 8-byte index tuple header + 4-byte line pointer + key, 8-byte aligned;
           -- 24-byte page header and 16-byte B-tree special space per page; one meta page.
           ceil(reltuples * (12 + ceil(key_width / 8.0) * 8)
                / ((block_size - 40) * fillfactor / 100)) + 1 AS expected_pages
    FROM idx
    WHERE has_stats OR hidden
)
SELECT schema, "table", index,
       relpages * block_size AS bytes,
       CASE WHEN has_stats THEN GREATEST(relpages - expected_pages, 0) * block_size END AS bloat_bytes,
       CASE WHEN has_stats
            THEN round((100 * GREATEST(relpages - expected_pages, 0) / relpages)::numeric, 1) END AS bloat_percent,
       count(*) FILTER (WHERE NOT has_stats) OVER () AS unreadable
FROM estimate
ORDER BY bloat_bytes DESC NULLS LAST
