-- Every column of the current schema's tables, in table order.
SELECT TABLE_NAME AS table_name,
       COLUMN_NAME AS name,
       DATA_TYPE AS data_type,
       COLUMN_TYPE AS column_type,
       EXTRA AS extra
FROM information_schema.COLUMNS
WHERE TABLE_SCHEMA = DATABASE()
ORDER BY TABLE_NAME, ORDINAL_POSITION
