-- The marker a dbops restore leaves in its target until its last step succeeded: a database
-- holding one is being restored, or a restore failed or was killed part-way through.
SELECT n.nspname AS schema, c.relname AS "table"
FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE c.relname = '_dbops_restore_incomplete'
  AND c.relkind = 'r'
ORDER BY 1
