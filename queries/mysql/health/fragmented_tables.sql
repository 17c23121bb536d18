-- Tables whose tablespace holds much free space (data_free: left by deletes and updates,
-- reclaimed by OPTIMIZE TABLE), largest share first; small tables are left out, since
-- InnoDB keeps a few extents free in any file.
SELECT table_schema AS `schema`,
       table_name AS `table`,
       data_length + index_length AS bytes,
       data_free AS free_bytes,
       ROUND(100 * data_free / (data_length + index_length + data_free), 1) AS free_percent
FROM information_schema.TABLES
WHERE table_type = 'BASE TABLE'
  AND data_free >= 64 * 1024 * 1024
  AND table_schema NOT IN ('mysql', 'information_schema', 'performance_schema', 'sys')
ORDER BY free_percent DESC
LIMIT 10
