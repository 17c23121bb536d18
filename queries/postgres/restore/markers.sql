-- The restore markers a target holds, in whichever schema the restore that left them put
-- them.
SELECT n.nspname AS schema
FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE c.relname = '_dbops_restore_incomplete'
  AND c.relkind = 'r'
