-- Materialized views that hold data in the source (not an extension's). pg_dump
-- --schema-only creates them empty; restore refreshes these once rows and indexes are
-- in, so that the view answers as it did (REFRESH ... CONCURRENTLY needs it populated).
SELECT format('%I.%I', n.nspname, c.relname) AS name
FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind = 'm'
  AND c.relispopulated
  AND n.nspname NOT IN ('pg_catalog', 'information_schema')
  AND n.nspname !~ '^pg_'
  AND NOT EXISTS (SELECT 1 FROM pg_depend e
                  WHERE e.classid = 'pg_class'::regclass AND e.objid = c.oid AND e.deptype = 'e')
ORDER BY 1
