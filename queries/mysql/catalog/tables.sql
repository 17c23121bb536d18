-- Tables and views of the current database: analytics and the maintenance jobs pick the
-- application profiles whose tables are here.
SELECT TABLE_NAME AS table_name
FROM information_schema.TABLES
WHERE TABLE_SCHEMA = DATABASE()
ORDER BY 1
