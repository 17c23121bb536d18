-- Every table of the target with the names of its constraints, triggers and policies (none:
-- one row, name NULL): which of other tables' foreign keys, triggers and policies a restore
-- --table must add back, those a DROP ... CASCADE of what it creates took with it.
SELECT n.nspname AS schema, c.relname AS "table", o.kind, o.name
FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN LATERAL (
    SELECT 'FK CONSTRAINT' AS kind, con.conname AS name FROM pg_constraint con WHERE con.conrelid = c.oid
    UNION ALL
    SELECT 'TRIGGER', t.tgname FROM pg_trigger t WHERE t.tgrelid = c.oid AND NOT t.tgisinternal
    UNION ALL
    SELECT 'POLICY', p.polname FROM pg_policy p WHERE p.polrelid = c.oid
) o ON true
WHERE c.relkind IN ('r', 'p')
  AND n.nspname NOT IN ('pg_catalog', 'information_schema')
  AND n.nspname !~ '^pg_'
