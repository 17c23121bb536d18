-- Every base table of the current schema for the history: data and index size and the row
-- estimate InnoDB keeps (information_schema.TABLES, refreshed with the table's statistics).
SELECT table_schema AS `schema`,
       table_name AS `table`,
       data_length + index_length AS total_bytes,
       data_length AS table_bytes,
       index_length AS index_bytes,
       COALESCE(table_rows, 0) AS estimated_rows
FROM information_schema.TABLES
WHERE table_schema = DATABASE()
  AND table_type = 'BASE TABLE'
ORDER BY 1, 2
