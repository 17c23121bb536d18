-- Objects that make a database "not empty" for a restore (relations, and large objects,
-- which live outside every table), and whether dbops' own marker (counted apart: a failed
-- restore leaves it alone when its schema step rolled back) is there.
SELECT count(*) FILTER (WHERE c.relname <> '_dbops_restore_incomplete')
         + (SELECT count(*) FROM pg_largeobject_metadata) AS objects,
       count(*) FILTER (WHERE c.relname = '_dbops_restore_incomplete') AS marker
FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')
  AND n.nspname NOT IN ('pg_catalog', 'information_schema')
  AND n.nspname !~ '^pg_'
