-- The target's views and materialized views: a restore --table that creates a table the
-- target lacked names the backup's views the target lacks too (a DROP TABLE ... CASCADE
-- takes the views that read the table with it).
SELECT n.nspname::text AS schema, c.relname::text AS name
FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind IN ('v', 'm')
