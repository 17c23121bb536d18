-- Primary key columns, for splitting large tables into key ranges.
SELECT TABLE_NAME AS table_name,
       COLUMN_NAME AS column_name
FROM information_schema.STATISTICS
WHERE TABLE_SCHEMA = DATABASE()
  AND INDEX_NAME = 'PRIMARY'
ORDER BY TABLE_NAME, SEQ_IN_INDEX
