-- MariaDB sequences (CREATE SEQUENCE), each with the columns it feeds through a DEFAULT
-- NEXT VALUE FOR and the largest value such a column holds: a sequence whose range is wider
-- than its column's runs the column out first. information_schema lists a sequence as a
-- table of type SEQUENCE (MySQL has none, so no rows); where each stands is read from the
-- sequence itself (sequence_position.sql). Each information_schema table is read in a
-- derived table of its own, filtered by schema (see auto_increment.sql).
SELECT s.TABLE_SCHEMA AS `schema`,
       s.TABLE_NAME AS `sequence`,
       c.TABLE_NAME AS `table`,
       c.COLUMN_NAME AS `column`,
       c.COLUMN_TYPE AS column_type,
       CAST(CASE c.DATA_TYPE
                WHEN 'tinyint' THEN 127
                WHEN 'smallint' THEN 32767
                WHEN 'mediumint' THEN 8388607
                WHEN 'int' THEN 2147483647
                WHEN 'bigint' THEN 9223372036854775807
            END AS DECIMAL(20)) * (CASE WHEN c.COLUMN_TYPE LIKE '%unsigned%' THEN 2 ELSE 1 END)
           + (CASE WHEN c.COLUMN_TYPE LIKE '%unsigned%' THEN 1 ELSE 0 END) AS column_max
FROM (SELECT TABLE_SCHEMA, TABLE_NAME
      FROM information_schema.TABLES
      WHERE TABLE_TYPE = 'SEQUENCE'
        AND (TABLE_SCHEMA = DATABASE()
             OR (DATABASE() IS NULL AND TABLE_SCHEMA NOT IN ('mysql', 'information_schema', 'performance_schema', 'sys')))
      ORDER BY TABLE_SCHEMA, TABLE_NAME
      LIMIT 1000) s
LEFT JOIN (SELECT TABLE_SCHEMA, TABLE_NAME, COLUMN_NAME, COLUMN_TYPE, DATA_TYPE, COLUMN_DEFAULT
      FROM information_schema.COLUMNS
      WHERE COLUMN_DEFAULT LIKE 'nextval(%'
        AND (TABLE_SCHEMA = DATABASE()
             OR (DATABASE() IS NULL AND TABLE_SCHEMA NOT IN ('mysql', 'information_schema', 'performance_schema', 'sys')))
      LIMIT 18446744073709551615) c
  ON c.COLUMN_DEFAULT = CONCAT('nextval(`', REPLACE(s.TABLE_SCHEMA, '`', '``'), '`.`',
                               REPLACE(s.TABLE_NAME, '`', '``'), '`)')
ORDER BY s.TABLE_SCHEMA, s.TABLE_NAME
