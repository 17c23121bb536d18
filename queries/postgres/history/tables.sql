-- Every table (and partition) of the current database for the history: its size on disk,
-- what its indexes and TOAST data add, and the planner's row estimate. Sizes are file
-- sizes (pg_relation_size and friends), not estimates.
SELECT n.nspname AS schema,
       c.relname AS "table",
       pg_total_relation_size(c.oid) AS total_bytes,
       pg_relation_size(c.oid) AS table_bytes,
       pg_indexes_size(c.oid) AS index_bytes,
       GREATEST(c.reltuples, 0)::bigint AS estimated_rows
FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind IN ('r', 'm')
  AND n.nspname NOT IN ('pg_catalog', 'information_schema')
  AND n.nspname !~ '^pg_'
ORDER BY 1, 2
