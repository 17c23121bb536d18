-- Every valid index of a user table, as the statement that builds it: a CREATE INDEX, or
-- the ALTER TABLE ... ADD CONSTRAINT of a primary key, unique or exclusion constraint.
-- Restore builds them table by table as soon as the table's rows are in. Run with an
-- empty search_path, so every name is schema-qualified as pg_dump writes it.
SELECT i.indrelid::bigint AS table_oid,
       n.nspname AS schema,
       t.relname AS "table",
       ic.relname AS index_name,
       c.conname AS constraint_name,
       CASE WHEN c.oid IS NULL THEN pg_get_indexdef(i.indexrelid)
            ELSE format('ALTER TABLE ONLY %s ADD CONSTRAINT %I %s', i.indrelid::regclass, c.conname, pg_get_constraintdef(c.oid))
       END AS definition,
       pg_relation_size(i.indrelid) AS table_bytes
FROM pg_index i
JOIN pg_class ic ON ic.oid = i.indexrelid
JOIN pg_class t ON t.oid = i.indrelid
JOIN pg_namespace n ON n.oid = t.relnamespace
LEFT JOIN pg_constraint c ON c.conindid = i.indexrelid AND c.conrelid = i.indrelid AND c.contype IN ('p', 'u', 'x')
WHERE i.indisvalid
  AND i.indislive
  AND t.relkind = 'r'
  AND n.nspname NOT IN ('pg_catalog', 'information_schema')
  AND n.nspname !~ '^pg_'
ORDER BY 1, 4
