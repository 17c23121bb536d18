-- Tables whose rows a backup copies: ordinary tables and leaf partitions, not tables that
-- belong to an extension (CREATE EXTENSION makes them again) unless the extension marked
-- them as holding configuration (pg_extension_config_dump: pg_partman's part_config,
-- PostGIS's spatial_ref_sys), whose rows the user added are copied as pg_dump copies them:
-- those its filter condition keeps (extension_condition: '' for all rows, NULL for a table
-- of no extension). Each with its current size for planning chunks, and a partition with
-- its partitioned ancestors, parent first (a partition of a partition has several), as
-- JSON: names may hold dots and quotes. And the partitioned tables (partitioned): they hold
-- no rows of their own, but one with no partition holding rows is known to a restore only
-- through the manifest's list of them.
SELECT n.nspname AS schema,
       c.relname AS name,
       c.oid::bigint AS oid,
       pg_relation_size(c.oid) AS bytes,
       current_setting('block_size')::int AS block_size,
       CASE WHEN c.relispartition
            THEN (SELECT p.inhparent::regclass::text FROM pg_inherits p WHERE p.inhrelid = c.oid LIMIT 1)
       END AS partition_of,
       CASE WHEN c.relispartition THEN (
           WITH RECURSIVE up(relid, depth) AS (
               SELECT i.inhparent, 1 FROM pg_inherits i WHERE i.inhrelid = c.oid
               UNION ALL
               SELECT i.inhparent, u.depth + 1
               FROM up u
               JOIN pg_class pc ON pc.oid = u.relid AND pc.relispartition
               JOIN pg_inherits i ON i.inhrelid = u.relid)
           SELECT json_agg(json_build_object('schema', an.nspname, 'name', a.relname) ORDER BY u.depth)::text
           FROM up u
           JOIN pg_class a ON a.oid = u.relid
           JOIN pg_namespace an ON an.oid = a.relnamespace)
       END AS partition_ancestors,
       x.condition AS extension_condition,
       c.relkind = 'p' AS partitioned
FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN LATERAL (
    SELECT COALESCE(e.extcondition[array_position(e.extconfig, c.oid)], '') AS condition
    FROM pg_extension e
    WHERE c.oid = ANY (e.extconfig)
    LIMIT 1) x ON true
WHERE c.relkind IN ('r', 'p')
  AND n.nspname NOT IN ('pg_catalog', 'information_schema')
  AND n.nspname !~ '^pg_'
  AND (x.condition IS NOT NULL
       OR NOT EXISTS (SELECT 1 FROM pg_depend d
                      WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e'))
ORDER BY 1, 2
