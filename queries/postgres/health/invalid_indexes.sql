-- Indexes marked invalid: a failed CREATE INDEX CONCURRENTLY (or one still running).
-- They cost writes and are never used by queries.
SELECT n.nspname AS schema,
       t.relname AS "table",
       i.relname AS index,
       pg_relation_size(i.oid) AS bytes
FROM pg_index x
JOIN pg_class i ON i.oid = x.indexrelid
JOIN pg_class t ON t.oid = x.indrelid
JOIN pg_namespace n ON n.oid = i.relnamespace
WHERE NOT x.indisvalid
ORDER BY 1, 2, 3
