-- The largest tables with their index share (InnoDB estimates). ?: how many.
SELECT table_schema AS `schema`,
       table_name AS `table`,
       NULL AS partition_of,
       data_length + index_length AS total_bytes,
       data_length AS table_bytes,
       index_length AS index_bytes,
       0 AS toast_bytes,
       table_rows AS estimated_rows
FROM information_schema.TABLES
WHERE table_type = 'BASE TABLE'
  AND (table_schema = DATABASE()
       OR (DATABASE() IS NULL AND table_schema NOT IN ('mysql', 'information_schema', 'performance_schema', 'sys')))
ORDER BY data_length + index_length DESC
LIMIT ?
