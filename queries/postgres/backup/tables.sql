-- Tables whose rows a backup copies: ordinary tables and leaf partitions (a partitioned
-- parent holds no rows of its own), not tables that belong to an extension, with their
-- current size for planning chunks.
SELECT n.nspname AS schema,
       c.relname AS name,
       c.oid::bigint AS oid,
       pg_relation_size(c.oid) AS bytes,
       current_setting('block_size')::int AS block_size,
       CASE WHEN c.relispartition
            THEN (SELECT p.inhparent::regclass::text FROM pg_inherits p WHERE p.inhrelid = c.oid LIMIT 1)
       END AS partition_of
FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind = 'r'
  AND n.nspname NOT IN ('pg_catalog', 'information_schema')
  AND n.nspname !~ '^pg_'
  AND NOT EXISTS (SELECT 1 FROM pg_depend d
                  WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e')
ORDER BY 1, 2
