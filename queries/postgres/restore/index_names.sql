-- Every index of the target, by schema and name: which of other tables' indexes a restore
-- --table must add back, those a DROP ... CASCADE of what it creates took with it (an
-- expression index calling a dropped schema's function). Read once, not asked one by one.
SELECT n.nspname AS schema, c.relname AS name
FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind IN ('i', 'I')
  AND n.nspname NOT IN ('pg_catalog', 'information_schema')
  AND n.nspname !~ '^pg_'
