-- Tables and views the session can name without a schema (those on the search_path):
-- analytics and the maintenance jobs pick the application profiles whose tables are here.
SELECT c.relname AS table_name
FROM pg_class c
WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f')
  AND pg_catalog.pg_table_is_visible(c.oid)
ORDER BY 1
