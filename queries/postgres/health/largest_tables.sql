-- The largest tables (and partitions) of the current database, with what their indexes
-- and TOAST data add. $1: how many.
-- Measuring a table opens it, its indexes and its TOAST table: on a database of 10,000
-- tables, ranking them all by pg_total_relation_size costs seconds. So candidates are
-- ranked first from the catalog alone: the page counts VACUUM, ANALYZE and CREATE INDEX keep
-- in pg_class; for tables written since their last ANALYZE (whose page counts may be
-- stale), the rows changed since then at the table's own rows per page; and the newest
-- tables never analyzed at all (no page count yet, and a writer's statistics can reach
-- the server seconds after its commit). The three top lists together are then measured
-- exactly; a table missed is one grown in the last seconds by a session still open.
-- Measuring waits for a table a migration holds ACCESS EXCLUSIVE, and the lock timeout
-- would then lose every size: such tables come first, unmeasured, with held true
-- (catalog/held_tables.sql).
WITH held AS MATERIALIZED (
    -- dbops:include catalog/held_tables
), sized AS (
    SELECT c.oid,
           c.reltuples < 0 AS never_analyzed,
           c.relpages::float8 + COALESCE(t.relpages, 0)
             + COALESCE((SELECT sum(i.relpages) FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid
                         WHERE x.indrelid = c.oid), 0) AS pages,
           pg_stat_get_mod_since_analyze(c.oid)
             * CASE WHEN c.reltuples > 0 THEN GREATEST(c.relpages, 1) / c.reltuples::float8 ELSE 0.02 END AS grown_pages
    FROM pg_class c
    JOIN pg_namespace n ON n.oid = c.relnamespace
    LEFT JOIN pg_class t ON t.oid = c.reltoastrelid
    WHERE c.relkind IN ('r', 'm')
      AND n.nspname NOT IN ('pg_catalog', 'information_schema')
      AND n.nspname !~ '^pg_toast'
), candidates AS (
    (SELECT oid FROM sized ORDER BY pages DESC LIMIT 4 * $1::bigint + 20)
    UNION
    (SELECT oid FROM sized ORDER BY grown_pages DESC LIMIT 4 * $1::bigint + 20)
    UNION
    (SELECT oid FROM sized WHERE never_analyzed ORDER BY oid DESC LIMIT 4 * $1::bigint + 20)
), measured AS (
    SELECT k.oid,
           pg_total_relation_size(k.oid) AS total_bytes
    FROM candidates k
    JOIN pg_class c ON c.oid = k.oid
    JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE k.oid NOT IN (SELECT relation FROM held)
    ORDER BY 2 DESC, n.nspname, c.relname
    LIMIT $1
)
SELECT n.nspname AS schema,
       c.relname AS "table",
       (SELECT i.inhparent::regclass::text FROM pg_inherits i WHERE i.inhrelid = c.oid LIMIT 1) AS partition_of,
       m.total_bytes,
       pg_relation_size(c.oid) AS table_bytes,
       pg_indexes_size(c.oid) AS index_bytes,
       COALESCE(pg_total_relation_size(NULLIF(c.reltoastrelid, 0)), 0) AS toast_bytes,
       GREATEST(c.reltuples, 0)::bigint AS estimated_rows,
       false AS held
FROM measured m
JOIN pg_class c ON c.oid = m.oid
JOIN pg_namespace n ON n.oid = c.relnamespace
UNION ALL
SELECT n.nspname, c.relname, NULL, NULL, NULL, NULL, NULL, GREATEST(c.reltuples, 0)::bigint, true
FROM held h
JOIN pg_class c ON c.oid = h.relation
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind IN ('r', 'm')
  AND n.nspname NOT IN ('pg_catalog', 'information_schema')
  AND n.nspname !~ '^pg_toast'
ORDER BY 9 DESC, 4 DESC, 1, 2
