-- The restore markers a target holds, in whichever schema the restore that left them put
-- them: a database holding one is being restored, or a restore failed or was killed
-- part-way through (restore --clean takes them away; health's restore_incomplete reports them).
SELECT n.nspname AS schema, c.relname AS "table"
FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE c.relname = '_dbops_restore_incomplete'
  AND c.relkind = 'r'
ORDER BY 1
