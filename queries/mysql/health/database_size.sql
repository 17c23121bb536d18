-- Size of the current schema (or of every user schema when none is selected).
SELECT COALESCE(SUM(data_length + index_length), 0) AS database_bytes
FROM information_schema.TABLES
WHERE table_type = 'BASE TABLE'
  AND (table_schema = DATABASE()
       OR (DATABASE() IS NULL AND table_schema NOT IN ('mysql', 'information_schema', 'performance_schema', 'sys')))
