-- Base tables of the current schema with their size (InnoDB estimate) for planning.
SELECT TABLE_NAME AS name,
       ENGINE AS engine,
       COALESCE(DATA_LENGTH, 0) AS bytes,
       COALESCE(TABLE_ROWS, 0) AS estimated_rows
FROM information_schema.TABLES
WHERE TABLE_SCHEMA = DATABASE()
  AND TABLE_TYPE = 'BASE TABLE'
ORDER BY TABLE_NAME
