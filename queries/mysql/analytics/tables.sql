-- Tables and views of the current database: analytics picks the application profile
-- whose tables are all here.
SELECT TABLE_NAME AS table_name
FROM information_schema.TABLES
WHERE TABLE_SCHEMA = DATABASE()
ORDER BY 1
