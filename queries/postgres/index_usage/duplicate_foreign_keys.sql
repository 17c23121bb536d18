-- Foreign keys declared twice: same table, columns, referenced table and columns. Each
-- check runs twice on every write. The later name of a pair is the duplicate.
SELECT n.nspname AS schema,
       t.relname AS "table",
       c.conname AS constraint_name,
       d.conname AS duplicate_of
FROM pg_constraint c
JOIN pg_constraint d ON d.conrelid = c.conrelid AND d.contype = 'f' AND d.conparentid = 0
                    AND d.conkey = c.conkey AND d.confrelid = c.confrelid AND d.confkey = c.confkey
                    AND d.conname < c.conname
JOIN pg_class t ON t.oid = c.conrelid
JOIN pg_namespace n ON n.oid = t.relnamespace
WHERE c.contype = 'f'
  AND c.conparentid = 0
ORDER BY 1, 2, 3
