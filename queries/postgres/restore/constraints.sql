-- Every table of the target with the names of its constraints (none: one row, name NULL):
-- which of other tables' foreign keys a restore --table of a missing table must add back.
SELECT n.nspname AS schema, c.relname AS "table", con.conname AS name
FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_constraint con ON con.conrelid = c.oid
WHERE c.relkind IN ('r', 'p')
  AND n.nspname NOT IN ('pg_catalog', 'information_schema')
  AND n.nspname !~ '^pg_'
