-- The primary key columns of one table, in key order (in the current database unless a
-- schema is given).
SELECT COLUMN_NAME AS column_name
FROM information_schema.STATISTICS
WHERE TABLE_SCHEMA = COALESCE(:schema, DATABASE())
  AND TABLE_NAME = :table
  AND INDEX_NAME = 'PRIMARY'
ORDER BY SEQ_IN_INDEX
