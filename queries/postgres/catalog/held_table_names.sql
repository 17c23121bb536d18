-- The tables another session holds, or waits to hold, ACCESS EXCLUSIVE (catalog/held_tables.sql),
-- by name (quoted where needed, and as schema and table apart): what a job that gave up at its
-- lock timeout was waiting for.
WITH held AS (
    -- dbops:include catalog/held_tables
)
SELECT pg_catalog.format('%I.%I', n.nspname, c.relname) AS name, n.nspname AS schema_name, c.relname AS table_name
FROM held h
JOIN pg_class c ON c.oid = h.relation
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind IN ('r', 'm', 'p')
ORDER BY 1
