-- Objects that make a database "not empty" for a restore (dbops' own marker excepted).
SELECT count(*) AS objects
FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')
  AND n.nspname NOT IN ('pg_catalog', 'information_schema')
  AND n.nspname !~ '^pg_'
  AND c.relname <> '_dbops_restore_incomplete'
