-- How much of its column type's range each AUTO_INCREMENT counter has used.
SELECT a.`schema`, a.`table`, a.`column`, a.column_type, a.next_value, a.max_value,
       ROUND(100 * (a.next_value - 1) / a.max_value, 2) AS percent_used
FROM (
    SELECT t.TABLE_SCHEMA AS `schema`,
           t.TABLE_NAME AS `table`,
           c.COLUMN_NAME AS `column`,
           c.COLUMN_TYPE AS column_type,
           t.AUTO_INCREMENT AS next_value,
           CAST(CASE c.DATA_TYPE
                    WHEN 'tinyint' THEN 127
                    WHEN 'smallint' THEN 32767
                    WHEN 'mediumint' THEN 8388607
                    WHEN 'int' THEN 2147483647
                    ELSE 9223372036854775807
                END AS DECIMAL(20)) * (CASE WHEN c.COLUMN_TYPE LIKE '%unsigned%' THEN 2 ELSE 1 END)
               + (CASE WHEN c.COLUMN_TYPE LIKE '%unsigned%' THEN 1 ELSE 0 END) AS max_value
    FROM information_schema.TABLES t
    JOIN information_schema.COLUMNS c
      ON c.TABLE_SCHEMA = t.TABLE_SCHEMA AND c.TABLE_NAME = t.TABLE_NAME AND c.EXTRA LIKE '%auto_increment%'
    WHERE t.AUTO_INCREMENT IS NOT NULL
      AND (t.TABLE_SCHEMA = DATABASE()
           OR (DATABASE() IS NULL AND t.TABLE_SCHEMA NOT IN ('mysql', 'information_schema', 'performance_schema', 'sys')))
) a
ORDER BY percent_used DESC
LIMIT 10
