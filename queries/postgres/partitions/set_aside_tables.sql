-- Retention: partitions an interrupted run detached (marked with a comment naming the
-- parent's OID) that still wait to be dumped and dropped.
SELECT c.relname AS name
FROM pg_class c
JOIN pg_description d ON d.objoid = c.oid AND d.classoid = 'pg_class'::regclass AND d.objsubid = 0
WHERE d.description = :marker
  AND c.relkind = 'r'
  AND NOT c.relispartition
ORDER BY c.relname
