-- Every InnoDB index of the current schema for the history: its size (pages x page size,
-- from mysql.innodb_index_stats), the rows read through it since the server started
-- (performance_schema; NULL when it is off), and whether it enforces something (primary
-- key, unique, InnoDB's own clustered index: never advised away).
-- The unique indexes are read from information_schema once, as a derived table: a
-- correlated EXISTS on information_schema.STATISTICS re-opened the schema's tables for
-- every row, and MariaDB 10.11.19 crashed (signal 11 in create_tmp_table_for_schema's
-- cleanup) when building that per-row schema table failed.
SELECT s.database_name AS `schema`,
       s.table_name AS `table`,
       s.index_name AS `index`,
       s.stat_value * @@innodb_page_size AS bytes,
       u.COUNT_STAR AS scans,
       CASE WHEN s.index_name IN ('PRIMARY', 'GEN_CLUST_INDEX') OR uq.INDEX_NAME IS NOT NULL
            THEN 1 ELSE 0 END AS is_unique
FROM mysql.innodb_index_stats s
LEFT JOIN performance_schema.table_io_waits_summary_by_index_usage u
       ON u.OBJECT_SCHEMA = s.database_name AND u.OBJECT_NAME = s.table_name AND u.INDEX_NAME = s.index_name
LEFT JOIN (SELECT DISTINCT TABLE_NAME, INDEX_NAME
           FROM information_schema.STATISTICS
           WHERE TABLE_SCHEMA = DATABASE() AND NON_UNIQUE = 0) uq
       ON uq.TABLE_NAME = s.table_name AND uq.INDEX_NAME = s.index_name
WHERE s.database_name = DATABASE()
  AND s.stat_name = 'size'
ORDER BY 1, 2, 3
