-- InnoDB data and indexes on this server, against which the buffer pool is judged (the
-- figure mysqltuner compares innodb_buffer_pool_size with).
SELECT COALESCE(SUM(data_length + index_length), 0) AS innodb_bytes,
       COUNT(*) AS innodb_tables
FROM information_schema.TABLES
WHERE engine = 'InnoDB'
  AND table_schema NOT IN ('mysql', 'information_schema', 'performance_schema', 'sys')
