-- How much of its column type's range each AUTO_INCREMENT counter has used.
-- Each information_schema table is read in a derived table of its own, filtered by the
-- schema: joined directly, MariaDB fills COLUMNS for every schema of the server before
-- joining (50 ms on a server of 100 databases, instead of 2).
-- TABLES lists a table for any privilege on it, COLUMNS only the columns the user holds a
-- privilege on: a counter whose column this user may not see has no percent_used (its
-- type, so its range, is unknown), and every row carries how many there are.
SELECT a.`schema`, a.`table`, a.`column`, a.column_type, a.next_value,
       CASE WHEN a.`column` IS NOT NULL THEN a.max_value END AS max_value,
       CASE WHEN a.`column` IS NOT NULL THEN ROUND(100 * (a.next_value - 1) / a.max_value, 2) END AS percent_used,
       COUNT(CASE WHEN a.`column` IS NULL THEN 1 END) OVER () AS unreadable
FROM (
    SELECT t.TABLE_SCHEMA AS `schema`,
           t.TABLE_NAME AS `table`,
           c.COLUMN_NAME AS `column`,
           c.COLUMN_TYPE AS column_type,
           -- As DECIMAL: AUTO_INCREMENT is BIGINT UNSIGNED, and 100 * (counter - 1) overflowed it
           -- past 2^64 / 100 (a BIGINT UNSIGNED counter near its end made the check fail).
           CAST(t.AUTO_INCREMENT AS DECIMAL(21)) AS next_value,
           CAST(CASE c.DATA_TYPE
                    WHEN 'tinyint' THEN 127
                    WHEN 'smallint' THEN 32767
                    WHEN 'mediumint' THEN 8388607
                    WHEN 'int' THEN 2147483647
                    ELSE 9223372036854775807
                END AS DECIMAL(20)) * (CASE WHEN c.COLUMN_TYPE LIKE '%unsigned%' THEN 2 ELSE 1 END)
               + (CASE WHEN c.COLUMN_TYPE LIKE '%unsigned%' THEN 1 ELSE 0 END) AS max_value
    FROM (SELECT TABLE_SCHEMA, TABLE_NAME, AUTO_INCREMENT
          FROM information_schema.TABLES
          WHERE AUTO_INCREMENT IS NOT NULL
            AND (TABLE_SCHEMA = DATABASE()
                 OR (DATABASE() IS NULL AND TABLE_SCHEMA NOT IN ('mysql', 'information_schema', 'performance_schema', 'sys')))
          LIMIT 18446744073709551615) t
    LEFT JOIN (SELECT TABLE_SCHEMA, TABLE_NAME, COLUMN_NAME, COLUMN_TYPE, DATA_TYPE
          FROM information_schema.COLUMNS
          WHERE EXTRA LIKE '%auto_increment%'
            AND (TABLE_SCHEMA = DATABASE()
                 OR (DATABASE() IS NULL AND TABLE_SCHEMA NOT IN ('mysql', 'information_schema', 'performance_schema', 'sys')))
          LIMIT 18446744073709551615) c
      ON c.TABLE_SCHEMA = t.TABLE_SCHEMA AND c.TABLE_NAME = t.TABLE_NAME
) a
ORDER BY percent_used IS NULL, percent_used DESC
LIMIT 10
