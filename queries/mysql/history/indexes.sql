-- Every InnoDB index of the current schema for the history: its size (pages x page size,
-- from mysql.innodb_index_stats), the rows read through it since the server started
-- (performance_schema; NULL when it is off), and whether it enforces something (primary
-- key, unique, InnoDB's own clustered index: never advised away).
SELECT s.database_name AS `schema`,
       s.table_name AS `table`,
       s.index_name AS `index`,
       s.stat_value * @@innodb_page_size AS bytes,
       u.COUNT_STAR AS scans,
       CASE WHEN s.index_name IN ('PRIMARY', 'GEN_CLUST_INDEX')
              OR EXISTS (SELECT 1 FROM information_schema.STATISTICS st
                         WHERE st.TABLE_SCHEMA = s.database_name AND st.TABLE_NAME = s.table_name
                           AND st.INDEX_NAME = s.index_name AND st.NON_UNIQUE = 0)
            THEN 1 ELSE 0 END AS is_unique
FROM mysql.innodb_index_stats s
LEFT JOIN performance_schema.table_io_waits_summary_by_index_usage u
       ON u.OBJECT_SCHEMA = s.database_name AND u.OBJECT_NAME = s.table_name AND u.INDEX_NAME = s.index_name
WHERE s.database_name = DATABASE()
  AND s.stat_name = 'size'
ORDER BY 1, 2, 3
