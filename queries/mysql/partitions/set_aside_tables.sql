-- Retention: standalone tables that may hold a retired partition's rows (dbops_retired_...),
-- with the comment that says which table and partition they came from, if any.
SELECT TABLE_NAME AS name, TABLE_COMMENT AS comment
FROM information_schema.TABLES
WHERE TABLE_SCHEMA = COALESCE(:schema, DATABASE())
  AND TABLE_TYPE = 'BASE TABLE'
  AND TABLE_NAME LIKE 'dbops\_retired\_%'
ORDER BY TABLE_NAME
