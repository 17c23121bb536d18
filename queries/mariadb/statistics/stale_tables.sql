-- MariaDB (INNODB_SYS_TABLESTATS, STATS_INITIALIZED 1 or 0; MySQL 8: INNODB_TABLESTATS, 'Initialized'). InnoDB tables whose persistent statistics are stale: rows changed since InnoDB last
-- recalculated them (MODIFIED_COUNTER) at least :min_rows and at least :share of the rows,
-- or never initialised. A partitioned table is one entry per partition (NAME db/table#p#part),
-- added up. Only tables InnoDB has open (the counters live in its dictionary cache and start
-- at 0 on a restart), and only names InnoDB stores as written (letters, digits, _ and $:
-- others are encoded in NAME and not matched here).
SELECT t.TABLE_SCHEMA AS schema_name,
       t.TABLE_NAME AS table_name,
       MAX(LOWER(s.NAME) <> LOWER(CONCAT(t.TABLE_SCHEMA, '/', t.TABLE_NAME))) AS partitioned,
       SUM(s.MODIFIED_COUNTER) AS changed,
       SUM(s.NUM_ROWS) AS estimated_rows,
       MIN(s.STATS_INITIALIZED = 1) AS has_statistics,
       NULL AS last_analyzed
FROM information_schema.TABLES t
JOIN information_schema.INNODB_SYS_TABLESTATS s
  ON LOWER(s.NAME) = LOWER(CONCAT(t.TABLE_SCHEMA, '/', t.TABLE_NAME))
  OR LEFT(LOWER(s.NAME), CHAR_LENGTH(t.TABLE_SCHEMA) + CHAR_LENGTH(t.TABLE_NAME) + 4)
     = LOWER(CONCAT(t.TABLE_SCHEMA, '/', t.TABLE_NAME, '#p#'))
WHERE t.TABLE_SCHEMA = DATABASE()
  AND t.TABLE_TYPE = 'BASE TABLE'
  AND t.ENGINE = 'InnoDB'
GROUP BY t.TABLE_SCHEMA, t.TABLE_NAME
HAVING (has_statistics = 0 AND estimated_rows > 0)
    OR (changed >= :min_rows AND changed >= :share * estimated_rows)
ORDER BY changed DESC, t.TABLE_NAME
