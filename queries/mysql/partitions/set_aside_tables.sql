-- Retention: standalone tables an interrupted run left holding a partition's rows
-- (dbops_retired_<table>_<partition>), with whether they hold any.
SELECT TABLE_NAME AS name
FROM information_schema.TABLES
WHERE TABLE_SCHEMA = COALESCE(:schema, DATABASE())
  AND LEFT(TABLE_NAME, CHAR_LENGTH(:prefix)) = :prefix
  AND TABLE_TYPE = 'BASE TABLE'
ORDER BY TABLE_NAME
