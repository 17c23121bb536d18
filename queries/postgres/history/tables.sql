-- Every table (and partition) of the current database for the history: its size on disk,
-- what its indexes and TOAST data add, and the planner's row estimate. Sizes are file
-- sizes (pg_relation_size and friends), not estimates. The size functions lock the table:
-- one a migration holds (or waits to hold) ACCESS EXCLUSIVE, on itself or an index, would
-- stop the read at the lock timeout and lose every table's size, so a held table's sizes
-- are left NULL (catalog/held_tables.sql).
WITH held AS MATERIALIZED (
    -- dbops:include catalog/held_tables
)
SELECT n.nspname AS schema,
       c.relname AS "table",
       CASE WHEN h.relation IS NULL THEN pg_total_relation_size(c.oid) END AS total_bytes,
       CASE WHEN h.relation IS NULL THEN pg_relation_size(c.oid) END AS table_bytes,
       CASE WHEN h.relation IS NULL THEN pg_indexes_size(c.oid) END AS index_bytes,
       GREATEST(c.reltuples, 0)::bigint AS estimated_rows,
       h.relation IS NOT NULL AS held
FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN held h ON h.relation = c.oid
WHERE c.relkind IN ('r', 'm')
  AND n.nspname NOT IN ('pg_catalog', 'information_schema')
  AND n.nspname !~ '^pg_'
ORDER BY 1, 2
