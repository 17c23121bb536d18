-- Foreign keys of the current schema with their columns (and referenced columns) in order,
-- as JSON arrays (a name may hold any character).
-- The arrays are built with GROUP_CONCAT of JSON_QUOTE: MySQL 8's JSON_ARRAYAGG takes no
-- ORDER BY, and the key order matters.
SELECT k.TABLE_NAME AS `table`,
       k.CONSTRAINT_NAME AS constraint_name,
       CONCAT('[', GROUP_CONCAT(JSON_QUOTE(k.COLUMN_NAME) ORDER BY k.ORDINAL_POSITION SEPARATOR ','), ']') AS columns,
       MAX(k.REFERENCED_TABLE_NAME) AS referenced_table,
       CONCAT('[', GROUP_CONCAT(JSON_QUOTE(k.REFERENCED_COLUMN_NAME) ORDER BY k.ORDINAL_POSITION SEPARATOR ','), ']') AS referenced_columns
FROM information_schema.KEY_COLUMN_USAGE k
WHERE k.TABLE_SCHEMA = DATABASE() AND k.REFERENCED_TABLE_NAME IS NOT NULL
GROUP BY k.TABLE_NAME, k.CONSTRAINT_NAME
ORDER BY 1, 2
