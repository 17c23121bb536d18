-- Index reads per index since the server started (performance_schema). The row with no
-- index name counts rows read without any index (full scans).
SELECT OBJECT_NAME AS `table`,
       INDEX_NAME AS `index`,
       COUNT_STAR AS operations,
       COUNT_READ AS rows_read
FROM performance_schema.table_io_waits_summary_by_index_usage
WHERE OBJECT_SCHEMA = DATABASE()
