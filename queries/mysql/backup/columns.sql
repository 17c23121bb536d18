-- Every column of the current schema's tables, in table order; `generation` tells a
-- MariaDB system-versioned table's period columns ('ROW START', 'ROW END') from the
-- generated columns a restore computes again.
SELECT TABLE_NAME AS table_name,
       COLUMN_NAME AS name,
       DATA_TYPE AS data_type,
       COLUMN_TYPE AS column_type,
       EXTRA AS extra,
       GENERATION_EXPRESSION AS generation
FROM information_schema.COLUMNS
WHERE TABLE_SCHEMA = DATABASE()
ORDER BY TABLE_NAME, ORDINAL_POSITION
