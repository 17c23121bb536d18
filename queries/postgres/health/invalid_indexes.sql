-- Indexes marked invalid: a failed CREATE INDEX CONCURRENTLY (or one still running).
-- They cost writes and are never used by queries. The size of one a REINDEX or DROP
-- holds ACCESS EXCLUSIVE is left NULL: reading it would wait for that lock.
SELECT n.nspname AS schema,
       t.relname AS "table",
       i.relname AS index,
       CASE WHEN NOT EXISTS (SELECT 1 FROM pg_locks l
                             WHERE l.locktype = 'relation' AND l.relation = i.oid AND l.mode = 'AccessExclusiveLock')
            THEN pg_relation_size(i.oid) END AS bytes
FROM pg_index x
JOIN pg_class i ON i.oid = x.indexrelid
JOIN pg_class t ON t.oid = x.indrelid
JOIN pg_namespace n ON n.oid = i.relnamespace
WHERE NOT x.indisvalid
ORDER BY 1, 2, 3
