-- Sequences (not an extension's, unless it marked one as configuration, as pg_dump then
-- keeps its position), with the table and column that own them, if any.
SELECT n.nspname AS schema,
       c.relname AS name,
       tn.nspname AS owner_schema,
       t.relname AS owner_table
FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_depend d ON d.classid = 'pg_class'::regclass AND d.objid = c.oid
                     AND d.refclassid = 'pg_class'::regclass AND d.deptype IN ('a', 'i')
LEFT JOIN pg_class t ON t.oid = d.refobjid
LEFT JOIN pg_namespace tn ON tn.oid = t.relnamespace
WHERE c.relkind = 'S'
  AND n.nspname NOT IN ('pg_catalog', 'information_schema')
  AND n.nspname !~ '^pg_'
  AND (c.oid IN (SELECT unnest(x.extconfig) FROM pg_extension x)
       OR NOT EXISTS (SELECT 1 FROM pg_depend e
                      WHERE e.classid = 'pg_class'::regclass AND e.objid = c.oid AND e.deptype = 'e'))
ORDER BY 1, 2
