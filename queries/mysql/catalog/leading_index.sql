-- Indexes of one table whose first key column is :column (a time range on that column
-- can then be read through the index instead of the whole table).
SELECT INDEX_NAME AS index_name
FROM information_schema.STATISTICS
WHERE TABLE_SCHEMA = COALESCE(:schema, DATABASE())
  AND TABLE_NAME = :table
  AND SEQ_IN_INDEX = 1
  AND COLUMN_NAME = :column
